# Les messages de grade, en français. Chaque identifiant a son jumeau dans en.ftl (un test le
# vérifie) ; les arguments s'écrivent { $nom }. Voir src/messages.rs.

## Le contrôle run (l'exécution)

run-exited = terminé normalement en { $elapsed }
run-exit-code = le programme a échoué avec le code de sortie { $code }
run-signal = le programme a été tué par le signal { $signal } ({ $name })
run-timed-out = délai dépassé : toujours en cours après { $timeout }, il a été arrêté ; cherchez un processus qui ne finit jamais, ou un programme principal qui attend sans fin (un join ou un get alors que plus rien ne viendra)
run-output-too-large = sortie trop longue : le programme a affiché plus de { $kib } Kio, il a été arrêté ; affichez le résultat, pas chaque étape
run-interrupted = le correcteur a été interrompu pendant l'exécution du programme
run-memory-limit = limite de mémoire atteinte : le programme et ses processus ont utilisé plus de { $limit } à eux tous, le système l'a arrêté ; gardez moins de valeurs en mémoire à la fois, ou de plus petites
run-memory-limit-signal = limite de mémoire atteinte : le programme et ses processus ont utilisé plus de { $limit } à eux tous, le système l'a arrêté (signal { $signal }, { $name }) ; gardez moins de valeurs en mémoire à la fois, ou de plus petites
run-disk-limit = limite de disque atteinte : le dossier de travail du programme et /tmp contiennent au plus { $limit }, le bac à sable l'a arrêté ; l'exercice affiche seulement son résultat, n'écrivez aucun fichier
run-task-limit = limite de processus atteinte : l'exécution avait { $limit } processus et threads à la fois, le maximum permis, le suivant n'a pas pu démarrer ; utilisez un pool de taille fixe, pas un processus par élément
run-reads-stdin = le programme lit l'entrée standard, qui est vide à la correction : ne demandez aucune saisie
run-stuck-at = là où en était le programme quand il a été arrêté :
run-stuck-place = { $file }, { $count ->
    [one] ligne
   *[other] lignes
} { $lines }, dans { $function }
run-stderr-tail = la sortie d'erreur se termine par :
run-error-at = l'erreur, à { $place } :
run-error-at-function = l'erreur, à { $place }, dans { $function } :
run-try-python = pour la voir en entier, lancez `python3 { $file }` dans votre dossier
run-try-rust = pour la voir en entier, lancez `cargo run --release` dans { $folder }
run-could-not-start = le programme n'a pas pu être lancé : { $error }

## Le contrôle time (le temps)

time-no-reference = la référence n'a pas pu être chronométrée (voir les erreurs du rapport)
time-rule = référence { $reference } × { $factor } + { $slack }
time-rule-estimated = référence { $reference } × { $factor } + { $slack }, où { $reference } est une estimation pour cette machine : { $measured } chez l'enseignant × { $scale }
time-pass = { $elapsed }, dans la limite de { $limit } ({ $rule })
time-inconclusive = non concluant : la machine était trop occupée pour juger ({ $elapsed } pour une limite de { $limit }, mais d'autres travaux occupaient les CPU pendant { $tries ->
    [one] l'exécution
   *[other] les { $tries } exécutions
}) ; corrigez de nouveau sur une machine plus calme
time-too-slow = trop lent : { $elapsed } pour une limite de { $limit } ({ $rule }) ; le travail est-il vraiment partagé entre des processus qui tournent en même temps ?

## Le contrôle result (le résultat)

result-no-reference = la référence n'a donné aucun résultat à comparer (voir les erreurs du rapport)
result-none-found = aucun résultat trouvé : affichez une ligne qui correspond à `{ $pattern }`, par exemple `result = { $expected }` ; la sortie commence par `{ $start }`
result-none-printed = aucun résultat trouvé : affichez une ligne qui correspond à `{ $pattern }`, par exemple `result = { $expected }` ; le programme n'a rien affiché
result-pass = { $value }, comme attendu
result-pass-origin = { $value }, comme attendu : { $origin }
result-wrong = attendu { $expected }, obtenu { $actual }
result-hint = indice : { $hint }
result-try = piste : essayez-le sur quelques valeurs que vous savez additionner à la main, et vérifiez que le résultat de chaque processus arrive une fois dans le total

## Le contrôle lint (noms, commentaires, code parallèle)

lint-off = le lint est désactivé pour cet exercice
lint-clean = noms, commentaires et code parallèle sont propres
lint-found = { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
}, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
} sur les noms, les commentaires et le code parallèle
lint-found-unreadable = { $unreadable ->
    [one] { $unreadable } fichier source illisible
   *[other] { $unreadable } fichiers source illisibles
} ; { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
}, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
} sur les noms, les commentaires et le code parallèle
lint-unreadable = { $file } : illisible : { $why }
lint-more = … et { $count } de plus (grade lint les montre toutes)
lint-capped = seuls les { $count } premiers fichiers que le script importe ont été analysés
lint-try = `grade lint { $file }` montre chaque constat avec la façon de le corriger ; `grade explain { $code }` dit pourquoi la règle compte

## Le contrôle workers (les processus de travail)

workers-over = { $peak } processus de travail en même temps ; l'exercice en permet { $max } : donnez au pool une taille de { $max }, ou lancez au plus { $max } processus de travail
workers-over-started = { $peak } processus de travail en même temps ; l'exercice en permet { $max } ({ $distinct } lancés en tout) : donnez au pool une taille de { $max }, ou lancez au plus { $max } processus de travail
workers-view-lost = le programme a tourné hors de la vue des CPU que le correcteur lui donne : { $lost } ; les processus qu'il lance suivent alors les CPU de la machine de correction, pas ceux que l'exercice lui montre : gardez l'environnement et les options de l'interpréteur tels quels
workers-threads-only = aucun processus de travail lancé : le travail a tourné dans des threads du processus principal, qui en Python se relaient sur un seul CPU ; l'exercice demande des processus
workers-none = aucun processus de travail lancé : tout le travail a tourné dans le processus principal ; partagez-le entre des processus de travail qui tournent en même temps
workers-too-few = seulement { $distinct } { $distinct ->
    [one] processus lancé
   *[other] processus lancés
} ; l'exercice en demande au moins { $min } qui travaillent en parallèle
workers-none-asked = aucun processus de travail lancé, et l'exercice n'en demande aucun
workers-pass = { $distinct } { $distinct ->
    [one] processus lancé
   *[other] processus lancés
}, au plus { $peak } en même temps (limite { $max })
workers-pass-no-limit = { $distinct } { $distinct ->
    [one] processus lancé
   *[other] processus lancés
}, au plus { $peak } en même temps (pas de limite)
workers-unsettled = ; { $peak } vus vivants ensemble en comptant ceux dont la fin n'était pas encore signalée : sans la comptabilité des fins du noyau (grade n'est pas root), les chevauchements de moins d'une milliseconde à la fin d'un processus sont écartés
workers-sampled = ; compté par échantillonnage, des processus qui ont vécu moins de quelques millisecondes peuvent manquer
workers-unseen = le programme a utilisé { $cpu } s de CPU en { $wall } s, dont { $unseen } s hors des processus comptés, { $place } : l'exercice demande que le travail tourne dans au plus { $max } processus, que le comptage voit
workers-unseen-main-threads = dans des threads du processus principal, occupés sur plusieurs CPU à la fois
workers-unseen-worker-threads = dans des threads des processus de travail, chacun occupé sur plusieurs CPU à la fois
workers-unseen-helpers = dans des processus comptés comme auxiliaires de multiprocessing, qui ne font presque rien
workers-not-watched = l'exécution n'a pas pu être observée
# Un processus qui a tourné hors de la vue des CPU : `python3 -I cube.py` a tourné avec -I, ...
workers-lost-process = `{ $command }` a tourné { $what }
workers-lost-and = {" "}et{" "}
workers-lost-preload = sans la bibliothèque LD_PRELOAD qui montre les CPU
workers-lost-pythonpath = sans le PYTHONPATH qui charge le sitecustomize du correcteur
workers-lost-flags = avec -I, -S ou -E, qui sautent sitecustomize

## Un exercice absent, et les vérifications qui n'ont pas pu avoir lieu

missing = pas de { $wanted } dans le dossier
missing-or = { $first } ni de { $second }
missing-look-alike = {" "}; trouvé { $found } : renommez { $count ->
    [one] ce fichier
   *[other] le bon
} en `{ $expected }`
missing-symlink = `{ $name }` est un lien symbolique, qui n'est jamais suivi : rendez le fichier lui-même
missing-one-level-down = {" "}; trouvé `{ $path }` : déplacez-le dans le dossier de l'étudiant lui-même
skipped-build-failed = non lancé : la compilation a échoué
skipped-run-failed = non vérifié : l'exécution a échoué
