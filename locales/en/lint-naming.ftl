# Findings of the naming rules, in English: a rule's name is its id, with its one-line summary as
# value; the texts of its findings are the id's attributes. Twin of ../fr/lint-naming.ftl.

## The word for each kind of name, as the findings name it ($kind).

name-kind-variable = variable
name-kind-parameter = parameter
name-kind-loop-variable = loop variable
name-kind-function = function
name-kind-type = type
name-kind-constant = constant
name-kind-module-variable = module variable
name-kind-attribute = attribute
name-kind-field = field

## N001

variable-not-snake-case = variable, parameter, attribute or field name not in snake_case
    .message = { $kind } name `{ $name }` is not in snake_case
    .help = rename it `{ $suggestion }`

## N002

function-not-snake-case = function or method name not in snake_case
    .message = function name `{ $name }` is not in snake_case
    .help = rename it `{ $suggestion }`

## N003

type-not-camel-case = class, struct, enum or trait name not in CamelCase
    .message = type name `{ $name }` is not in CamelCase
    .help = rename it `{ $suggestion }`

## N004

constant-not-upper-case = constant name not in UPPER_CASE
    .message = constant `{ $name }` ({ $language ->
        [python] bound once at module level to a literal
       *[rust] a `const` or `static`
    }) is not in UPPER_CASE
    .help = rename it `{ $suggestion }`

## N005

name-too-short = name shorter than `min-name-length` characters
    .message = { $kind } name `{ $name }` is too short to say what it is
    .help = use a name of at least { $min } characters that says what the value is

## N006

placeholder-name = placeholder name (foo, toto, tmp, ...)
    .message = { $kind } `{ $name }` has a placeholder name
    .help = name it after what it holds or does

## N007

numbered-name = name distinguished by a trailing number
    .message = { $kind } `{ $name }` is told apart by a number, not by its meaning
    .help = say what distinguishes it in its name, or gather the values in a list

## N008

ambiguous-name = ambiguous name `l`, `O` or `I`
    .message = { $kind } name `{ $name }` is easily mistaken for `1` or `0`
    .help = use a name that says what the value is

## N009

builtin-shadowed = Python name that shadows a builtin
    .message = { $kind } `{ $name }` hides the builtin `{ $name }()`
    .help = rename it after what it holds, so that `{ $name }()` keeps working

## N010

non-ascii-name = identifier with non-ASCII characters
    .message = { $kind } name `{ $name }` has non-ASCII characters
    .help = write it in ASCII, for example `{ $ascii }`

## N011

name-pattern-mismatch = name not matching the pattern configured for its kind
    .message = { $kind } name `{ $name }` does not match the course's pattern `{ $pattern }`
    .help = rename it to match `{ $pattern }`

## N012

forbidden-name = name listed in `forbidden-names`
    .message = { $kind } name `{ $name }` is forbidden in this exercise
    .help = choose a name that says what the value is
