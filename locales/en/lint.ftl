# Messages of the lint around the rules' findings, in English: `grade lint` and `grade explain`,
# the words for categories and severities, and why a file cannot be linted. Twin of ../fr/lint.ftl.

## Categories and severities, as people read them (JSON and SARIF keep the English codes)

lint-category-naming = naming
lint-category-comments = comments
lint-category-syntax = syntax
lint-category-parallel = parallel
lint-severity-error = error
lint-severity-warning = warning
# The label of a finding's advice, under its excerpt: `help: ...`.
lint-help = help

## grade lint

lint-no-such-path = error: { $path }: no such file or directory
lint-summary-clean = lint: no finding
lint-summary = lint: { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
}, { $unreadable ->
    [one] { $unreadable } unreadable file
   *[other] { $unreadable } unreadable files
}; `grade explain CODE` tells more about a rule

## grade explain

lint-no-such-rule = error: no rule `{ $code }`; the rules are:
lint-by-default = by default:

## Files that cannot be linted

lint-not-a-source = not a Python (.py) or Rust (.rs) source
lint-cannot-open = cannot open: { $error }
lint-too-large = the file is { $size }, too large to be a source file
lint-cannot-read = cannot read the file: { $error }
lint-unknown-encoding = unknown encoding `{ $label }` in the coding declaration
lint-invalid-encoding = the file is not valid { $label }; save it as UTF-8
