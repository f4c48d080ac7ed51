# The words of the HTML report (`grade DIR -o report.html`), in English: its title and header,
# the class table and its filters, the students' panels, the charts and the grading timeline.
# The checks' own messages come from the other files. Twin of ../fr/html.ftl.

## The page and its header

html-title = grade report
html-title-course = { $course } · grade report
html-graded-by = graded by { $grader } { $version }
html-share = share { $index } of { $count } of the class
html-interrupted = interrupted: the report holds what was graded so far

## The counts: each after its number in bold, `<b>5</b> students`

html-count-students = students
html-count-exercises = exercises graded
html-count-passed = passed
html-count-failed = failed
html-count-missing = missing
html-count-errors = grader errors
html-count-wall-time = wall time
html-count-jobs = jobs on { $cores } cores
html-protections = Protections: { $active } of { $total } in force
html-grader-errors = Grader errors
html-grader-warnings = Grader warnings

## The class table; the words of a filter's button, its tooltip the attribute

html-class = Class
html-filters = Filter by verdict
html-filter-all = all
    .title = every student
html-filter-pass = pass
    .title = students who passed every exercise
html-filter-fail = fail
    .title = students with a failed exercise
html-filter-missing = missing
    .title = students with a missing exercise
html-filter-error = error
    .title = students with an exercise the grader could not judge
# What the page's script writes when a filter is chosen; `{ $shown }` is left for it to fill.
html-shown = { $shown } of { $total } students
html-student = Student
html-total = Total
html-kept = kept
    .title = carried over from the earlier report

## An exercise's verdict, on its badge

html-verdict-pass = pass
html-verdict-fail = fail
html-verdict-missing = missing
html-verdict-error = error

## A check's verdict, on its badge

html-check-pass = pass
html-check-fail = fail
html-check-skipped = skipped
html-check-inconclusive = inconclusive

## The students' panels

html-students = Students
html-back = ↑ class
html-reused = reused from the earlier report: nothing it depends on changed
html-first-error = first error at
html-unreadable = could not be read: { $reason }
html-help = help: { $help }

## The workers over time

html-workers-of = Workers of { $student } · { $exercise }
html-workers-of-reference = Workers of the reference · { $exercise } ({ $language })
html-no-reference = no reference timeline
html-legend-live = live
html-legend-running = running
html-legend-limit = limit
html-chart-label = { $heading }: at most { $live } alive and { $running } running at once, { $started } started, { $limit }, over { $duration }; { $samples } samples
html-limit = limit { $max }
html-no-limit = no limit
html-limit-title = limit: { $max }
html-no-samples = no samples

## The grading timeline

html-grading-timeline = Grading timeline
html-legend-build = build
html-legend-run = timed run
html-legend-views = runs shown other CPU counts
html-legend-reference = reference
html-timeline-label = { $bars } builds and runs over { $duration } in { $lanes } lanes
html-reference-bar = reference · { $exercise } ({ $language })
html-step-build = build
html-step-run = run
html-step-views = views
html-bar = { $label } · { $step }: { $from } → { $to } ({ $took })

## The pairs of solutions that share much of their code

html-similar-heading = Shared code
html-similar-intro = Pairs of solutions of an exercise that share at least { $min } of their code, names, literals, comments and layout aside, the reference's code and what most of the class writes set aside. The command grade similar shows the lines side by side.
html-similar-score = Shared
html-similar-exercise = Exercise
html-similar-students = Students
html-similar-lines = Matching lines
html-similar-side-by-side = The longest matching lines, side by side
