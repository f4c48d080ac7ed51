# Le rapport de grade dans le terminal, en français : son en-tête, une ligne par étudiant et
# exercice, les vérifications en échec, les totaux. Jumeau de ../en/report.ftl.

report-header = { $root } : { $students ->
    [one] { $students } étudiant
   *[other] { $students } étudiants
}, cours « { $course } » ({ $config })
report-header-whole = { $students ->
    [one] { $students } étudiant
   *[other] { $students } étudiants
}, cours « { $course } » ({ $config })
report-protection-inactive = la protection `{ $name }` n'est pas active ici : { $detail }
report-reference = référence { $exercise } ({ $language }) : résultat { $result }, { $elapsed } (médiane de { $runs })
report-reference-estimated = référence { $exercise } ({ $language }) : résultat { $result }, { $elapsed } estimées pour cette machine ({ $measured } chez l'enseignant × { $scale })
report-bundle = paquet du cours { $bundle } : les références ont été chronométrées sur la machine de l'enseignant, et leurs durées sont mises à l'échelle de celle-ci, plus lente au-dessus de 1 ({ $scales })
report-warning = attention :
report-error = erreur :

## Les étiquettes du verdict d'un exercice, et d'une vérification

verdict-pass = OK
verdict-fail = ÉCHEC
verdict-missing = ABSENT
verdict-error = ERREUR
check-build = compilation
check-run = exécution
check-result = résultat
check-time = temps
check-workers = parallélisme
check-lint = relecture
report-failed-check = { $check } : { $message }
report-no-score = sans note
report-earlier-result = { $elapsed } (résultat précédent)

## La colonne du parallélisme : `4 en parallèle ▁▃██▃▁ (4 lancés, 2 sur un CPU à la fois, CPU/réel 1.8)`

report-workers = { $peak } en parallèle
report-workers-started = { $started ->
    [one] { $started } lancé
   *[other] { $started } lancés
}
report-workers-on-cpu = { $running } sur un CPU à la fois
report-workers-parallelism = CPU/réel { $ratio }

## Les totaux

report-student-total = { $pass } { $pass ->
    [one] réussi
   *[other] réussis
}, { $fail } en échec, { $missing } { $missing ->
    [one] absent
   *[other] absents
}
report-ungraded = { $errors } non { $errors ->
    [one] noté
   *[other] notés
} (erreur du correcteur)
report-kept = (repris du rapport existant)
report-passed = { $count } { $count ->
    [one] réussi
   *[other] réussis
}
report-failed = { $count } en échec
report-missing = { $count } { $count ->
    [one] absent
   *[other] absents
}
report-students = { $count ->
    [one] { $count } étudiant
   *[other] { $count } étudiants
}
report-exercises = { $count ->
    [one] { $count } exercice
   *[other] { $count } exercices
}
report-summary-kept = ({ $count } { $count ->
    [one] repris
   *[other] repris
} du rapport existant)
# La dernière ligne : `23 étudiants, 69 exercices : 27 réussis, 17 en échec, 25 absents en 33.41 s`.
report-summary = { $students }{ $kept }, { $exercises } : { $counts } en { $elapsed }
report-problems = { $count ->
    [one] le correcteur a rencontré 1 problème :
   *[other] le correcteur a rencontré { $count } problèmes :
}

## `grade check` : les réglages du cours et ses références

course-check-heading = Cours `{ $name }` ({ $path }) : { $exercises ->
    [one] { $exercises } exercice
   *[other] { $exercises } exercices
}, { $points } points
course-check-lang-locale = celle de la locale
course-check-references = références dans { $folder } (temps médian de { $runs ->
    [one] { $runs } exécution
   *[other] { $runs } exécutions
})
course-check-reference = { $value } en { $ms } ms
course-check-error = erreur : { $why }
course-check-sandbox = le bac à sable ne peut pas être préparé : { $error }
course-check-scratch = impossible de créer l'espace de travail temporaire : { $error }
course-check-interrupt = impossible d'écouter Ctrl-C : { $error }
course-check-interrupted = interrompu : toutes les références n'ont pas été vérifiées
course-check-disagree = { $exercise } : la référence { $first } a affiché { $expected }, celle en { $other } { $value } : les étudiants sont tenus à l'une ou l'autre selon leur langage ; mettez-les d'accord
course-check-hint-on-answer = { $exercise } : un indice est attaché à { $result }, le résultat de la référence elle-même : il ne serait jamais montré, ou montré aux bonnes réponses ; attachez-le à la mauvaise réponse qu'il explique
course-check-ready = Le cours est prêt : chaque référence a compilé, tourné et affiché son résultat.
course-check-problems = { $count ->
    [one] { $count } problème
   *[other] { $count } problèmes
} dans le cours : voir les lignes marquées `erreur` plus haut.
course-check-lint-defaults = les règles et réglages par défaut (`grade explain list`)
course-check-lint-changed = les réglages par défaut, avec { $changes }

## Les copies : les paires de solutions qui partagent une grande part de leur code

report-similar = { $count ->
    [one] { $count } paire de solutions partage
   *[other] { $count } paires de solutions partagent
} au moins { $min } de leur code (`grade similar` montre les lignes côte à côte) :
