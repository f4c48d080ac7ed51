# Findings of the naming rules, in English: a rule's name is its id, with its one-line summary as
# value; the texts of its findings are the id's attributes. Twin of ../fr/lint-naming.ftl.

## N001

variable-not-snake-case = variable, parameter, attribute or field name not in snake_case

## N002

function-not-snake-case = function or method name not in snake_case

## N003

type-not-camel-case = class, struct, enum or trait name not in CamelCase

## N004

constant-not-upper-case = constant name not in UPPER_CASE

## N005

name-too-short = name shorter than `min-name-length` characters

## N006

placeholder-name = placeholder name (foo, toto, tmp, ...)

## N007

numbered-name = name distinguished by a trailing number

## N008

ambiguous-name = ambiguous name `l`, `O` or `I`

## N009

builtin-shadowed = Python name that shadows a builtin

## N010

non-ascii-name = identifier with non-ASCII characters

## N011

name-pattern-mismatch = name not matching the pattern configured for its kind

## N012

forbidden-name = name listed in `forbidden-names`
