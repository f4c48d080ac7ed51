# The course bundle: `grade pack`, and a bundle read by a student's self-check.

## Reading a bundle
bundle-not-json = not a course bundle (line { $line }: { $reason }): ask your instructor for the file again, or pass the course's grader.toml
bundle-not-a-bundle = a JSON file, but not a course bundle (it has no `format` and `grader`): pass the course's grader.toml, or the bundle `grade pack` wrote
bundle-other-grader = packed by grade { $packed }, and this is grade { $ours }: times measured by another grader do not compare; ask your instructor for a bundle packed with grade { $ours }, or install grade { $packed }
bundle-format = { $grader }, bundle format { $format }
bundle-edited = the course bundle was changed after it was packed ({ $reason }): ask your instructor for the file again (in the course folder: grade pack)
bundle-digest-differs = its digest does not match its content
bundle-no-reference = { $file }: the course bundle has no { $language } reference for exercise `{ $exercise }`: ask your instructor for a bundle packed with one
bundle-calibration-failed = this machine could not be calibrated, so reference times cannot be estimated: { $why }

## grade pack
pack-from-bundle = { $file } is already a course bundle: run grade pack in the course folder, or pass its grader.toml with --course
pack-references = references of { $folder }, each run { $runs ->
    [one] { $runs } time
   *[other] { $runs } times
}:
pack-reference = result { $result }, { $elapsed } (median; { $fastest } to { $slowest }){ $busy }
pack-busy = , CPU/wall { $ratio }
pack-calibration = this machine, on the calibration workload (fastest of { $runs } runs): { $figures }
pack-native = native
pack-machine-busy = warning: the calibration before the references and the one after differ by { $percent }%: this machine's speed changed while it was measured (other work here, or on the host of a virtual machine), and the students' time limits may be off by as much; pack again when it is quiet
pack-reference-slowed = warning: { $exercise } ({ $language }): other work held the CPUs during { $slowed } of its { $tries } runs, so its time is the median of slowed runs too: it may be too long, and the students' limits with it; pack again when this machine is quiet
pack-problem = no bundle written: { $problems ->
    [one] { $problems } problem
   *[other] { $problems } problems
} above
pack-written = { $file }: the course bundle ({ $size }), with no reference source: put it in the folder your students' folders are in (or in each one); `grade .` finds it there, as it finds grader.toml
pack-unwritable = { $file }: the bundle could not be written: { $reason }

## grade check, with a bundle
course-check-bundle = references: from the course bundle { $file } (packed by grade { $grader }), timed on the instructor's machine:
