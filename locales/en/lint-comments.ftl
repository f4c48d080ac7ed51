# Findings of the comments rules, in English: a rule's name is its id, with its one-line summary as
# value; the texts of its findings are the id's attributes. Twin of ../fr/lint-comments.ftl.

## C001

no-comments = file without any comment or docstring
    .message = this file has { $lines } lines of code and no comment explaining them
    .help = { $language ->
        [python] start with a docstring saying what the script computes, and comment the steps a reader cannot guess
       *[rust] start with a `//!` comment saying what the program computes, and comment the steps a reader cannot guess
    }

## C002

missing-module-doc = file without a module docstring or `//!` doc
    .message = missing { $language ->
        [python] module docstring
       *[rust] `//!` doc comment
    }: the file does not say what it is for
    .help = { $language ->
        [python] start the file with a docstring: """What this script computes, and how."""
       *[rust] start the file with `//! What this module computes, and how.`
    }

## C003

missing-function-doc = function of `function-doc-min-lines` lines or more without a docstring or comment
    .message = function `{ $name }` has { $lines } lines but no { $language ->
        [python] docstring
       *[rust] doc comment
    }
    .help = { $language ->
        [python] add a docstring under the `def` line saying what it returns, and from what
       *[rust] add a `///` comment above it saying what it returns, and from what
    }

## C004

commented-out-code = code left in a comment
    .message = { $lines ->
        [one] commented-out code
       *[other] { $lines } lines of commented-out code
    }
    .help = delete it: version control keeps the old code, the file should show only what runs

## C005

todo-comment = TODO, FIXME, XXX or HACK left in a comment
    .message = `{ $tag }` left in a comment: the work is not finished
    .help = finish it, or say in the comment why it is left as it is

## C006

low-comment-density = fewer comment lines than `min-comment-density` of the code lines
    .message = only { $comments ->
        [one] { $comments } comment line
       *[other] { $comments } comment lines
    } for { $code } lines of code (at least { $expected } expected, { $percent }%)
    .help = comment the steps whose reason a reader cannot guess: why, not what

## C007

empty-comment = empty comment or docstring
    .message = empty comment
    .help = write the comment or remove the marker
    .message-docstring = empty docstring
    .help-docstring = say what the function or module does, or remove the quotes
