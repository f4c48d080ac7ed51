# Les constats des règles naming, en français : le nom d'une règle est son id, son résumé
# d'une ligne la valeur ; les textes de ses constats sont les attributs de l'id. Jumeau de ../en/lint-naming.ftl.

## Le mot de chaque sorte de nom, tel que les constats le nomment ($kind).

name-kind-variable = variable
name-kind-parameter = paramètre
name-kind-loop-variable = variable de boucle
name-kind-function = fonction
name-kind-type = type
name-kind-constant = constante
name-kind-module-variable = variable de module
name-kind-attribute = attribut
name-kind-field = champ

## N001

variable-not-snake-case = nom de variable, paramètre, attribut ou champ pas en snake_case
    .message = le nom `{ $name }` ({ $kind }) n'est pas en snake_case
    .help = renommer en `{ $suggestion }`

## N002

function-not-snake-case = nom de fonction ou de méthode pas en snake_case
    .message = le nom de fonction `{ $name }` n'est pas en snake_case
    .help = renommer en `{ $suggestion }`

## N003

type-not-camel-case = nom de classe, structure, énumération ou trait pas en CamelCase
    .message = le nom de type `{ $name }` n'est pas en CamelCase
    .help = renommer en `{ $suggestion }`

## N004

constant-not-upper-case = nom de constante pas en MAJUSCULES
    .message = la constante `{ $name }` ({ $language ->
        [python] définie une seule fois au niveau du module, à un littéral
       *[rust] un `const` ou un `static`
    }) n'est pas en MAJUSCULES
    .help = renommer en `{ $suggestion }`

## N005

name-too-short = nom de moins de `min-name-length` caractères
    .message = le nom `{ $name }` ({ $kind }) est trop court pour dire ce que c'est
    .help = choisir un nom d'au moins { $min } caractères qui dit ce qu'est la valeur

## N006

placeholder-name = nom bouche-trou (foo, toto, tmp, ...)
    .message = `{ $name }` ({ $kind }) est un nom bouche-trou
    .help = le nommer d'après ce qu'il contient ou ce qu'il fait

## N007

numbered-name = nom distingué par un numéro final
    .message = le nom `{ $name }` ({ $kind }) se distingue par un numéro, pas par son sens
    .help = dire dans le nom ce qui la distingue, ou regrouper les valeurs dans une liste

## N008

ambiguous-name = nom ambigu `l`, `O` ou `I`
    .message = le nom `{ $name }` ({ $kind }) se confond facilement avec `1` ou `0`
    .help = choisir un nom qui dit ce qu'est la valeur

## N009

builtin-shadowed = nom Python qui masque une fonction ou un type natif
    .message = `{ $name }` ({ $kind }) masque la fonction native `{ $name }()`
    .help = le renommer d'après ce qu'il contient, pour que `{ $name }()` reste utilisable

## N010

non-ascii-name = identifiant avec des caractères non ASCII
    .message = le nom `{ $name }` ({ $kind }) contient des caractères non ASCII
    .help = l'écrire en ASCII, par exemple `{ $ascii }`

## N011

name-pattern-mismatch = nom qui ne suit pas le motif configuré pour sa catégorie
    .message = le nom `{ $name }` ({ $kind }) ne suit pas le motif du cours `{ $pattern }`
    .help = le renommer pour suivre `{ $pattern }`

## N012

forbidden-name = nom listé dans `forbidden-names`
    .message = le nom `{ $name }` ({ $kind }) est interdit dans cet exercice
    .help = choisir un nom qui dit ce qu'est la valeur
