# Les mots du rapport HTML (`grade DOSSIER -o rapport.html`), en français : son titre et son
# en-tête, le tableau de la classe et ses filtres, les fiches des étudiants, les graphiques et la
# frise de la correction. Les messages des vérifications viennent des autres fichiers. Jumeau de
# ../en/html.ftl.

## La page et son en-tête

html-title = rapport de grade
html-title-course = { $course } · rapport de grade
html-graded-by = corrigé par { $grader } { $version }
html-share = part { $index } sur { $count } de la classe
html-interrupted = interrompu : le rapport contient ce qui a été corrigé jusque-là

## Les totaux : chacun après son nombre en gras, `<b>5</b> étudiants`

html-count-students = { $count ->
    [one] étudiant
   *[other] étudiants
}
html-count-exercises = { $count ->
    [one] exercice corrigé
   *[other] exercices corrigés
}
html-count-passed = { $count ->
    [one] réussi
   *[other] réussis
}
html-count-failed = en échec
html-count-missing = { $count ->
    [one] absent
   *[other] absents
}
html-count-errors = { $count ->
    [one] erreur du correcteur
   *[other] erreurs du correcteur
}
html-count-wall-time = de temps réel
html-count-jobs = { $count ->
    [one] tâche
   *[other] tâches
} sur { $cores } cœurs
html-protections = Protections : { $active } sur { $total } en vigueur
html-grader-errors = Erreurs du correcteur
html-grader-warnings = Avertissements du correcteur

## Le tableau de la classe ; les mots du bouton d'un filtre, son infobulle l'attribut

html-class = Classe
html-filters = Filtrer par verdict
html-filter-all = tous
    .title = tous les étudiants
html-filter-pass = réussi
    .title = les étudiants qui ont réussi tous les exercices
html-filter-fail = échec
    .title = les étudiants avec un exercice en échec
html-filter-missing = absent
    .title = les étudiants avec un exercice absent
html-filter-error = erreur
    .title = les étudiants avec un exercice que le correcteur n'a pas pu juger
# Ce qu'écrit le script de la page quand un filtre est choisi ; il remplit lui-même `{ $shown }`.
html-shown = { $shown } sur { $total ->
    [one] { $total } étudiant
   *[other] { $total } étudiants
}
html-student = Étudiant
html-total = Total
html-kept = repris
    .title = repris du rapport précédent

## Le verdict d'un exercice, sur son étiquette

html-verdict-pass = réussi
html-verdict-fail = échec
html-verdict-missing = absent
html-verdict-error = erreur

## Le verdict d'une vérification, sur son étiquette

html-check-pass = réussie
html-check-fail = échec
html-check-skipped = sautée
html-check-inconclusive = non concluante

## Les fiches des étudiants

html-students = Étudiants
html-back = ↑ classe
html-reused = repris du rapport précédent : rien de ce dont il dépend n'a changé
html-first-error = première erreur :
html-unreadable = n'a pas pu être lu : { $reason }
html-help = aide : { $help }

## Les processus au fil du temps

html-workers-of = Processus pour { $student } · { $exercise }
html-workers-of-reference = Processus de la référence · { $exercise } ({ $language })
html-no-reference = pas de chronologie de la référence
html-legend-live = vivants
html-legend-running = en cours d'exécution
html-legend-limit = limite
html-chart-label = { $heading } : au plus { $live } vivants et { $running } en cours d'exécution à la fois, { $started } lancés, { $limit }, sur { $duration } ; { $samples } relevés
html-limit = limite { $max }
html-no-limit = pas de limite
html-limit-title = limite : { $max }
html-no-samples = aucun relevé

## La frise de la correction

html-grading-timeline = Frise de la correction
html-legend-build = compilation
html-legend-run = exécution chronométrée
html-legend-views = exécutions montrant d'autres nombres de CPU
html-legend-reference = référence
html-timeline-label = { $bars } compilations et exécutions sur { $duration } en { $lanes } couloirs
html-reference-bar = référence · { $exercise } ({ $language })
html-step-build = compilation
html-step-run = exécution
html-step-views = vues
html-bar = { $label } · { $step } : { $from } → { $to } ({ $took })

## Les paires de solutions qui partagent une grande part de leur code

html-similar-heading = Code partagé
html-similar-intro = Les paires de solutions d'un exercice qui partagent au moins { $min } de leur code, noms, littéraux, commentaires et mise en page mis à part, ainsi que le code de la référence et ce que la plupart de la classe écrit. La commande grade similar montre les lignes côte à côte.
html-similar-score = Partagé
html-similar-exercise = Exercice
html-similar-students = Étudiants
html-similar-lines = Lignes correspondantes
html-similar-side-by-side = Les plus longues lignes correspondantes, côte à côte
