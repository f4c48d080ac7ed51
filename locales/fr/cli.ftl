# Les messages de grade, en français : le rapport du terminal, la ligne de commande, ses erreurs
# et `grade doctor`. Chaque id a son jumeau dans ../en/cli.ftl.

## Les erreurs du fichier du cours : chacune suit `fichier:ligne:colonne: `clé`: `.

config-unreadable = impossible de lire le fichier du cours : { $reason }
config-not-utf8 = le fichier n'est pas en UTF-8 valide : enregistrez-le en UTF-8
config-not-toml = le fichier n'est pas du TOML valide : { $reason }
# Le texte de serde, en anglais, cité après une phrase en français.
config-refused = clé ou valeur refusée (message du lecteur TOML) : { $reason }
# Le texte du lint sur un réglage, en anglais, cité après une phrase en français.
config-lint-refused = réglage refusé (message du lint) : { $reason }
config-unknown-section = section `{ $name }` inconnue ; les sections possibles : { $sections }
config-no-course = manquante : ajoutez une table [course] avec le nom du cours, `name`
config-no-exercise = aucun exercice n'est défini : ajoutez une table [exercises.<nom>]
config-exercises-not-a-table = doit être une table d'exercices ([exercises.<nom>]), pas { $found }
config-number-for-duration = `{ $number }` est un nombre, et une durée est une chaîne avec son unité : écrivez "{ $number }s" ou "{ $number }ms"
config-number-for-size = `{ $number }` est un nombre, et une taille est une chaîne avec son unité : écrivez "{ $spelling }"
config-negative = doit être un nombre >= 0, pas { $number }
config-at-least = doit valoir au moins { $least }
config-zero-timeout = doit être plus long que 0s
config-cpu-count = un nombre de CPU doit valoir au moins 1
config-uid-root = ne doit pas être 0 : le code des étudiants ne s'exécute jamais en root
config-not-an-isolation = `{ $text }` n'est pas une isolation : choisissez parmi { $names }
config-no-entry = ne nomme aucun point d'entrée : ajoutez `python = "<script>.py"` ou `rust = "<dossier du crate>"`
config-zero-weights = chaque vérification pèse 0 (ici ou dans [defaults].weights) : aucune solution ne pourrait marquer un point ; donnez un poids supérieur à 0 aux vérifications qui comptent
config-invalid-regex = expression régulière invalide : { $reason }
config-regex-without-value = l'expression régulière { $groups ->
        [0] n'a aucun groupe
        [1] a un groupe, mais il ne s'appelle pas `value`
       *[other] a { $groups } groupes, aucun ne s'appelle `value`
    } : le correcteur lit le résultat dans le groupe nommé `value`, par exemple { $example }
config-min-over-max = min ({ $min }) est supérieur à max ({ $max })
config-min-over-max-keys = min ({ $min }, `{ $min_key }`) est supérieur à max ({ $max }, `{ $max_key }`)
config-points-total = les points des exercices font { $total } au total, mais course.max-score vaut { $max } : accordez-les
config-text-empty = une table vide : donnez le texte dans au moins une langue, { "{" } fr = "...", en = "..." { "}" }

## Les durées et les tailles du fichier du cours.

units-size-too-large = `{ $text }` est trop grand
units-not-a-size-write = `{ $text }` n'est pas une taille : écrivez "{ $spelling }" (un nombre entier suivi de B, KiB, MiB ou GiB, sans espace)
units-not-a-size = `{ $text }` n'est pas une taille : écrivez un nombre entier suivi de B, KiB, MiB ou GiB, sans espace, par exemple "512KiB", "16MiB" ou "1GiB"
units-duration-too-long = `{ $text }` est trop long
units-duration-without-unit = `{ $text }` n'a pas d'unité : écrivez "{ $number }s" pour des secondes ou "{ $number }ms" pour des millisecondes (un nombre entier suivi de ms, s ou min, sans espace)
units-not-a-duration-write = `{ $text }` n'est pas une durée : écrivez "{ $spelling }" (un nombre entier suivi de ms, s ou min, sans espace)
units-not-a-duration = `{ $text }` n'est pas une durée : écrivez un nombre entier suivi de ms, s ou min, sans espace, par exemple "500ms", "10s" ou "2min"

## La ligne de commande.

cli-error = erreur :
cli-warning = avertissement :
cli-current-folder-unreadable = impossible de lire le dossier courant : { $reason }
cli-no-course-file = ni { $file } ni { $bundle } dans { $folder } ou au-dessus : lancez grade depuis le dossier du cours, mettez le paquet du cours donné par votre enseignant dans ce dossier ou au-dessus, ou passez --course FICHIER
cli-no-such-folder = { $path } : ce dossier n'existe pas : donnez un dossier de dossiers d'étudiants, ou le dossier d'un étudiant
cli-output-named-twice = { $path } : nommé deux fois par -o, pour { $first } et pour { $second } : donnez à chaque format son propre fichier
cli-roster-without-gradebook = --roster remplit les colonnes du carnet de notes : ajoutez -o FICHIER.csv ou --format csv
cli-output-unwritable = impossible de l'écrire : { $reason }
cli-roster-unlisted = { $file } n'a pas de ligne pour { $names } : leurs lignes du carnet de notes n'ont pas d'identifiant ; ajoutez-les
cli-roster-absent = aucun dossier corrigé pour { $names } de { $file } : leurs lignes du carnet de notes sont vides
cli-names-and-more = { $names } et { $more } de plus
cli-summary-unwritable = { $path } ($GITHUB_STEP_SUMMARY) : impossible d'écrire le résumé du job : { $reason }
cli-fail-under-out-of-range = --fail-under { $threshold } : une note entre 0 et le max-score du cours, { $max }
cli-resume-without-report = --resume demande -o FICHIER.json : le rapport de la correction précédente, qu'il met à jour
cli-report-of-another-course = { $path } : contient le rapport du cours `{ $course }`, pas `{ $ours }` : choisissez un autre fichier -o, ou supprimez celui-ci pour le remplacer
cli-sandbox-unprepared = le bac à sable ne peut pas être préparé : { $reason }
cli-no-interrupt = impossible d'écouter Ctrl-C : { $reason }
cli-nothing-graded = rien n'a été corrigé : { $students ->
    [one] { $students } étudiant
   *[other] { $students } étudiants
}, aucun point d'entrée d'aucun exercice trouvé (les messages ci-dessus donnent les noms attendus et ce qui a été trouvé à la place)
cli-report-unreadable = { $path } : impossible de lire le rapport précédent : { $reason }
cli-not-a-report = { $path } : ce n'est pas un rapport écrit par grade ({ $reason }) : supprimez-le, ou choisissez un autre --output
cli-report-unwritable = { $path } : impossible d'écrire le rapport : { $reason }
cli-no-such-report = { $path } : ce fichier n'existe pas : donnez les rapports JSON des parts (grade --partition K/N -o FICHIER.json)

## `grade doctor`.

doctor-unprepared = Le bac à sable ne peut pas être préparé : { $reason }
doctor-heading = Comment le code des étudiants est confiné sur cette machine :
doctor-active = active
doctor-inactive = INACTIVE
doctor-startup = Une tâche a démarré et exécuté `true` dans le bac à sable en { $millis } ms.
doctor-all-active = Toutes les protections sont actives.
doctor-some-inactive = { $count ->
    [one] { $count } protection inactive
   *[other] { $count } protections inactives
} : grade se replie comme décrit ci-dessus.
doctor-toolchain-problem = chaîne d'outils : { $problem }
doctor-toolchains-reachable = Les chaînes d'outils sont accessibles depuis le bac à sable.

## `--partition` et `grade merge`.

cli-partition-malformed = `{ $text }` : une part s'écrit K/N, 1 ≤ K ≤ N (`--partition 2/3` : la deuxième de 3)
merge-no-report = grade merge : donnez les rapports JSON des parts à fusionner
merge-another-grader = { $file } : noté par grade { $version }, { $first } par grade { $first_version } : notez chaque part avec le même correcteur
merge-another-course = { $file } : noté avec un autre fichier du cours ou une autre référence que { $first } (cours `{ $course }`, `{ $first_course }`) : notez chaque part avec le même dossier du cours
merge-student-twice = { $file } : `{ $student }` est noté dans deux parts (aussi dans { $path }) : fusionnez chaque part une seule fois
merge-another-split = { $file } : la part { $shard } vient d'un autre découpage que { $first } ({ $first_shard }) : fusionnez les parts d'un même découpage
merge-shard-twice = { $file } : la part { $shard } est aussi { $twin } : fusionnez chaque part une seule fois
merge-shards-missing = part { $shards } manquante : ses étudiants seraient oubliés ; donnez le rapport de chaque part

## La liste des étudiants (`--roster`).

roster-unreadable = impossible de lire la liste des étudiants { $path } : { $reason }
roster-not-utf8 = { $path }, ligne { $line } : ce n'est pas du texte UTF-8 ; enregistrez la liste en CSV, en UTF-8
# Le texte du lecteur CSV, en anglais.
roster-not-csv = { $path } : CSV illisible ({ $reason })
roster-no-folder-column = { $path } : pas de colonne `{ $column }` (le dossier de l'étudiant tel que noté) dans l'en-tête : { $columns }
roster-cells = { $path }, ligne { $line } : { $cells } cellules alors que l'en-tête a { $columns } colonnes
roster-no-folder = { $path }, ligne { $line } : pas de dossier pour cet étudiant
roster-folder-twice = { $path } : le dossier `{ $folder }` est à la ligne { $first } et à la ligne { $line }

## La notation, et les chaînes de compilation dont elle a besoin.

grade-no-scratch = impossible de créer l'espace de travail temporaire : { $reason }
grade-runs-take-turns = les exécutions se font une à une (--jobs 1) : sans espaces de noms, le correcteur ne sait pas distinguer les processus d'une exécution de ceux d'une autre
grade-interrupted = interrompu : le rapport contient { $graded ->
    [one] { $graded } exercice noté
   *[other] { $graded } exercices notés
} avant
grade-no-such-exercise = pas d'exercice `{ $name }` dans { $file } : choisissez parmi { $known }
toolchain-python-unstarted = `{ $python }` ne peut pas être lancé ({ $reason }) : les solutions en Python ne peuvent pas être notées
toolchain-python-silent = `{ $python }` n'a pas dit où il est installé : { $message }
toolchain-cargo-missing = `{ $cargo }` est introuvable dans le PATH : les solutions en Rust ne peuvent pas être compilées
toolchain-rustc-unstarted = `rustc` ne peut pas être lancé ({ $reason }) : les solutions en Rust ne peuvent pas être compilées

## `grade lint`.

lint-unserialisable = impossible de sérialiser le rapport : { $reason }
