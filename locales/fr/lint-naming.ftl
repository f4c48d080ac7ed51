# Les constats des règles naming, en français : le nom d'une règle est son id, son résumé
# d'une ligne la valeur ; les textes de ses constats sont les attributs de l'id. Jumeau de ../en/lint-naming.ftl.

## N001

variable-not-snake-case = nom de variable, paramètre, attribut ou champ pas en snake_case

## N002

function-not-snake-case = nom de fonction ou de méthode pas en snake_case

## N003

type-not-camel-case = nom de classe, structure, énumération ou trait pas en CamelCase

## N004

constant-not-upper-case = nom de constante pas en MAJUSCULES

## N005

name-too-short = nom de moins de `min-name-length` caractères

## N006

placeholder-name = nom bouche-trou (foo, toto, tmp, ...)

## N007

numbered-name = nom distingué par un numéro final

## N008

ambiguous-name = nom ambigu `l`, `O` ou `I`

## N009

builtin-shadowed = nom Python qui masque une fonction ou un type natif

## N010

non-ascii-name = identifiant avec des caractères non ASCII

## N011

name-pattern-mismatch = nom qui ne suit pas le motif configuré pour sa catégorie

## N012

forbidden-name = nom listé dans `forbidden-names`
