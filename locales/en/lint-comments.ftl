# Findings of the comments rules, in English: a rule's name is its id, with its one-line summary as
# value; the texts of its findings are the id's attributes. Twin of ../fr/lint-comments.ftl.

## C001

no-comments = file without any comment or docstring

## C002

missing-module-doc = file without a module docstring or `//!` doc

## C003

missing-function-doc = function of `function-doc-min-lines` lines or more without a docstring or comment

## C004

commented-out-code = code left in a comment

## C005

todo-comment = TODO, FIXME, XXX or HACK left in a comment

## C006

low-comment-density = fewer comment lines than `min-comment-density` of the code lines

## C007

empty-comment = empty comment or docstring
