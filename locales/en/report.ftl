# The terminal report of grade, in English: its header, one line per student and exercise,
# the failing checks, the totals. Twin of ../fr/report.ftl.

report-header = { $root }: { $students ->
    [one] { $students } student
   *[other] { $students } students
}, course "{ $course }" ({ $config })
report-header-whole = { $students ->
    [one] { $students } student
   *[other] { $students } students
}, course "{ $course }" ({ $config })
report-protection-inactive = protection `{ $name }` is not active here: { $detail }
report-reference = reference { $exercise } ({ $language }): result { $result }, { $elapsed } (median of { $runs })
report-reference-estimated = reference { $exercise } ({ $language }): result { $result }, { $elapsed } estimated for this machine ({ $measured } on the instructor's × { $scale })
report-bundle = course bundle { $bundle }: the references were timed on the instructor's machine, and their times are scaled to this one, slower above 1 ({ $scales })
report-warning = warning:
report-error = error:

## Labels of an exercise's verdict, and of a check

verdict-pass = PASS
verdict-fail = FAIL
verdict-missing = MISS
verdict-error = ERROR
check-build = build
check-run = run
check-result = result
check-time = time
check-workers = workers
check-lint = lint
report-failed-check = { $check }: { $message }
report-no-score = no score
report-earlier-result = { $elapsed } (earlier result)

## The workers column: `4 workers ▁▃██▃▁ (4 started, 2 on a CPU at once, CPU/wall 1.8)`

report-workers = { $peak ->
    [one] { $peak } worker
   *[other] { $peak } workers
}
report-workers-started = { $started } started
report-workers-on-cpu = { $running } on a CPU at once
report-workers-parallelism = CPU/wall { $ratio }

## Totals

report-student-total = { $pass } pass, { $fail } fail, { $missing } missing
report-ungraded = { $errors } ungraded (grader error)
report-kept = (kept from the existing report)
report-passed = { $count } passed
report-failed = { $count } failed
report-missing = { $count } missing
report-students = { $count ->
    [one] { $count } student
   *[other] { $count } students
}
report-exercises = { $count ->
    [one] { $count } exercise
   *[other] { $count } exercises
}
report-summary-kept = ({ $count } kept from the existing report)
# The last line: `23 students, 69 exercises: 27 passed, 17 failed, 25 missing in 33.41 s`.
report-summary = { $students }{ $kept }, { $exercises }: { $counts } in { $elapsed }
report-problems = { $count ->
    [one] the grader met 1 problem:
   *[other] the grader met { $count } problems:
}

## `grade check`: the course's settings and its references

course-check-heading = Course `{ $name }` ({ $path }): { $exercises ->
    [one] { $exercises } exercise
   *[other] { $exercises } exercises
}, { $points } points
course-check-lang-locale = from the locale
course-check-references = references in { $folder } (median time of { $runs ->
    [one] { $runs } run
   *[other] { $runs } runs
})
course-check-reference = { $value } in { $ms } ms
course-check-error = error: { $why }
course-check-sandbox = the sandbox cannot be prepared: { $error }
course-check-scratch = cannot create scratch space: { $error }
course-check-interrupt = cannot listen for Ctrl-C: { $error }
course-check-interrupted = interrupted: not every reference was checked
course-check-disagree = { $exercise }: the { $first } reference printed { $expected }, the { $other } one { $value }: students are held to either, depending on their language; make them agree
course-check-hint-on-answer = { $exercise }: a hint is attached to { $result }, the reference's own result: it would never be shown, or be shown to right answers; attach it to the wrong answer it explains
course-check-ready = The course is ready: every reference built, ran and printed its result.
course-check-problems = { $count ->
    [one] { $count } problem
   *[other] { $count } problems
} with the course: see the lines marked `error` above.
course-check-lint-defaults = the default rules and settings (`grade explain list`)
course-check-lint-changed = the defaults, with { $changes }

## Copies: pairs of solutions that share much of their code

report-similar = { $count ->
    [one] { $count } pair of solutions shares
   *[other] { $count } pairs of solutions share
} at least { $min } of their code (`grade similar` shows the lines side by side):
