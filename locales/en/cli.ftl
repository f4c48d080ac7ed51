# Messages of grade, in English: the terminal report, the command line, its errors and `grade doctor`.
# Each id has its twin in ../fr/cli.ftl (a test checks it); arguments are written { $name }.

## The course file's errors: each follows `file:line:column: `key`: `.

config-unreadable = cannot read the course file: { $reason }
config-not-utf8 = the file is not valid UTF-8: save it as UTF-8
config-not-toml = the file is not valid TOML: { $reason }
# serde's own text about a key or value, already a sentence in English.
config-refused = { $reason }
# The lint's own text about a setting, already a sentence in English.
config-lint-refused = { $reason }
config-unknown-section = unknown section `{ $name }`, expected one of { $sections }
config-no-course = missing: add a [course] table with the course's `name`
config-no-exercise = no exercise is defined: add an [exercises.<name>] table
config-exercises-not-a-table = must be a table of exercises ([exercises.<name>]), not { $found }
config-number-for-duration = `{ $number }` is a number, and a duration is a string with its unit: write "{ $number }s" or "{ $number }ms"
config-number-for-size = `{ $number }` is a number, and a size is a string with its unit: write "{ $spelling }"
config-negative = must be a number >= 0, not { $number }
config-at-least = must be at least { $least }
config-zero-timeout = must be longer than 0s
config-cpu-count = a CPU count must be at least 1
config-uid-root = must not be 0: student code never runs as root
config-not-an-isolation = `{ $text }` is not an isolation: use one of { $names }
config-no-entry = names no entry: add `python = "<script>.py"` or `rust = "<crate folder>"`
config-zero-weights = every check weighs 0 (here or in [defaults].weights): no solution could score a point; give the checks that count a weight above 0
config-invalid-regex = invalid regex: { $reason }
config-regex-without-value = the regex { $groups ->
        [0] has no group
        [1] has a group, but not named `value`
       *[other] has { $groups } groups, none named `value`
    }: the grader reads the result from the group named `value`, e.g. { $example }
config-min-over-max = min ({ $min }) is greater than max ({ $max })
config-min-over-max-keys = min ({ $min }, `{ $min_key }`) is greater than max ({ $max }, `{ $max_key }`)
config-points-total = the exercises' points add up to { $total }, but course.max-score is { $max }: make them agree
config-text-empty = an empty table: give the text in at least one language, { "{" } fr = "...", en = "..." { "}" }

## Durations and sizes of the course file.

units-size-too-large = `{ $text }` is too large
units-not-a-size-write = `{ $text }` is not a size: write "{ $spelling }" (a whole number then B, KiB, MiB or GiB, no space)
units-not-a-size = `{ $text }` is not a size: write a whole number then B, KiB, MiB or GiB, no space, such as "512KiB", "16MiB" or "1GiB"
units-duration-too-long = `{ $text }` is too long
units-duration-without-unit = `{ $text }` has no unit: write "{ $number }s" for seconds or "{ $number }ms" for milliseconds (a whole number then ms, s or min, no space)
units-not-a-duration-write = `{ $text }` is not a duration: write "{ $spelling }" (a whole number then ms, s or min, no space)
units-not-a-duration = `{ $text }` is not a duration: write a whole number then ms, s or min, no space, such as "500ms", "10s" or "2min"

## The command line.

cli-error = error:
cli-warning = warning:
cli-current-folder-unreadable = cannot read the current folder: { $reason }
cli-no-course-file = no { $file } or { $bundle } in { $folder } or above it: run grade from the course folder, put the course bundle your instructor gave you in this folder or above, or pass --course FILE
cli-no-such-folder = { $path }: no such folder: give a folder of student folders, or a student's folder
cli-output-named-twice = { $path }: named twice by -o, as { $first } and as { $second }: give each format its own file
cli-roster-without-gradebook = --roster fills the columns of the gradebook: add -o FILE.csv or --format csv
cli-output-unwritable = cannot write it: { $reason }
cli-roster-unlisted = { $file } has no row for { $names }: their gradebook rows have no id; add them
cli-roster-absent = no folder graded for { $names } of { $file }: their gradebook rows are empty
cli-names-and-more = { $names } and { $more } more
cli-summary-unwritable = { $path } ($GITHUB_STEP_SUMMARY): cannot write the job summary: { $reason }
cli-fail-under-out-of-range = --fail-under { $threshold }: a score between 0 and the course's max-score, { $max }
cli-resume-without-report = --resume needs -o FILE.json: the report of the earlier run, which it updates
cli-report-of-another-course = { $path }: holds the report of the course `{ $course }`, not `{ $ours }`: choose another -o file, or remove it to replace it
cli-sandbox-unprepared = the sandbox cannot be prepared: { $reason }
cli-no-interrupt = cannot listen for Ctrl-C: { $reason }
cli-nothing-graded = nothing was graded: { $students ->
    [one] { $students } student
   *[other] { $students } students
}, no entry of any exercise found (see the messages above for the names expected and what was found instead)
cli-report-unreadable = { $path }: cannot read the earlier report: { $reason }
cli-not-a-report = { $path }: not a report grade wrote ({ $reason }): remove it, or choose another --output
cli-report-unwritable = { $path }: cannot write the report: { $reason }
cli-no-such-report = { $path }: no such file: give the JSON reports of the shards (grade --partition K/N -o FILE.json)

## `grade doctor`.

doctor-unprepared = The sandbox cannot be prepared: { $reason }
doctor-heading = How student code is contained on this machine:
doctor-active = active
doctor-inactive = INACTIVE
doctor-startup = A job started and ran `true` in the sandbox in { $millis } ms.
doctor-all-active = Every protection is active.
doctor-some-inactive = { $count ->
    [one] { $count } protection
   *[other] { $count } protections
} inactive: grade falls back as described above.
doctor-toolchain-problem = toolchain: { $problem }
doctor-toolchains-reachable = The toolchains can be reached from the sandbox.

## `--partition` and `grade merge`.

cli-partition-malformed = `{ $text }`: a shard as K/N, 1 ≤ K ≤ N (`--partition 2/3`: the second of 3)
merge-no-report = grade merge: give the JSON reports of the shards to merge
merge-another-grader = { $file }: graded by grade { $version }, { $first } by grade { $first_version }: grade every shard with the same grader
merge-another-course = { $file }: graded with another course file or reference than { $first } (course `{ $course }`, `{ $first_course }`): grade every shard with the same course folder
merge-student-twice = { $file }: `{ $student }` is graded in two shards (also at { $path }): merge each shard once
merge-another-split = { $file }: shard { $shard } of another split than { $first } ({ $first_shard }): merge the shards of one split
merge-shard-twice = { $file }: shard { $shard } is also { $twin }: merge each shard once
merge-shards-missing = shard { $shards } missing: its students would be left out; give every shard's report

## The roster (`--roster`).

roster-unreadable = cannot read the roster { $path }: { $reason }
roster-not-utf8 = { $path }, line { $line }: not UTF-8 text; save the roster as CSV in UTF-8
# The CSV reader's own text, in English.
roster-not-csv = { $path }: { $reason }
roster-no-folder-column = { $path }: no `{ $column }` column (the student's folder as graded) in the header: { $columns }
roster-cells = { $path }, line { $line }: { $cells } cells where the header has { $columns } columns
roster-no-folder = { $path }, line { $line }: no folder for this student
roster-folder-twice = { $path }: the folder `{ $folder }` is on line { $first } and line { $line }

## Grading, and the toolchains it needs.

grade-no-scratch = cannot create scratch space: { $reason }
grade-runs-take-turns = runs take turns (--jobs 1): without namespaces, the grader cannot tell one run's processes from another's
grade-interrupted = interrupted: the report holds the { $graded ->
    [one] { $graded } exercise
   *[other] { $graded } exercises
} graded before
grade-no-such-exercise = no exercise `{ $name }` in { $file }: choose among { $known }
toolchain-python-unstarted = `{ $python }` cannot be started ({ $reason }): Python solutions cannot be graded
toolchain-python-silent = `{ $python }` did not say where it is installed: { $message }
toolchain-cargo-missing = `{ $cargo }` was not found on PATH: Rust solutions cannot be built
toolchain-rustc-unstarted = `rustc` cannot be started ({ $reason }): Rust solutions cannot be built

## `grade lint`.

lint-unserialisable = cannot serialise the report: { $reason }
