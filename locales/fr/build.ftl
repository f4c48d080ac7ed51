# Ce que dit la vérification de compilation, en français : le contrôle de syntaxe Python, la
# compilation Rust, la règle sur les dépendances d'une crate, et ce qui a été laissé hors de la
# copie sur laquelle travaille une compilation. Jumeau de ../en/build.ftl.

build-pass = compilé en { $elapsed }
build-no-python = pas d'interpréteur Python sur la machine de correction ; l'administrateur du correcteur doit installer Python 3 ou renseigner `python` dans le fichier du cours
build-no-cargo = pas de cargo sur la machine de correction ; l'administrateur du correcteur doit installer Rust ou renseigner `cargo` dans le fichier du cours
build-file-too-large = { $file } fait { $size } : une solution fait quelques kilo-octets ; est-ce le bon fichier ?
build-syntax-error = erreur de syntaxe à { $place } :
build-syntax-error-try = vérifiez-la sur votre machine avec `python3 -m py_compile { $file }`
build-check-failed = { $file } n'a pas pu être vérifié ; contrôle de syntaxe : { $how }
build-compile-error = erreur de compilation à { $place } :
build-compile-error-unplaced = erreur de compilation :
build-compile-error-try = pour voir toutes les erreurs, lancez `cargo build --release` dans { $folder }
build-cargo-failed = cargo build a échoué :
build-not-taken-out = la compilation a produit { $program }, que le correcteur n'a pas pu sortir du bac à sable
build-no-executable = la crate ne produit aucun exécutable : ajoutez `src/main.rs` avec une `fn main()`
build-timed-out = la compilation n'a pas fini en { $timeout } : cherchez un script de build ou une macro qui ne finit jamais, ou dépendez de moins de crates
build-stopped = compilation arrêtée : { $how }
build-disk-full = la compilation a été arrêtée à sa limite de disque : la crate, son dossier target et /tmp contiennent au plus { $limit } ; un script de build ne doit pas écrire autant
build-unprepared = le correcteur n'a pas pu préparer la compilation : { $error }
build-fetch-failed = les dépendances de la crate n'ont pas pu être téléchargées depuis crates.io :
build-deps-too-large = les dépendances de la crate occupent { $size } sur le disque, plus que la limite de { $limit } qu'une compilation peut écrire : dépendez de moins de crates, ou de plus petites

## Les dépendances d'une crate, vérifiées avant tout téléchargement

deps-unreadable = { $place } : illisible : { $error }
deps-not-toml = { $place } : TOML invalide ({ $error }) : corrigez-le pour que cargo puisse le lire
deps-git = { $place } : `{ $name }` vient de git ({ $url }) : le correcteur ne télécharge les dépendances que depuis crates.io ; utilisez une version publiée (`{ $name } = "1"`), ou copiez son code dans votre crate
deps-registry = { $place } : `{ $name }` vient du registre `{ $registry }` : le correcteur ne télécharge les dépendances que depuis crates.io
deps-path-outside = { $place } : `{ $name }` est le dossier `{ $path }`, hors de la crate : déplacez-le dans le dossier de la crate et faites-y pointer `path`
deps-locked-elsewhere = { $place } : `{ $name }` est verrouillé sur { $source } : le correcteur ne télécharge les dépendances que depuis crates.io ; supprimez Cargo.lock ou cette dépendance

## Les fichiers d'une soumission laissés hors de la copie sur laquelle travaillent compilation et exécution

left-out-not-source = { $file } : pas un fichier source ({ $kind }), non fourni au programme
left-out-symlink = { $file } : lien symbolique, non suivi
left-out-too-large = { $file } : non copié, la soumission dépasse { $mib } Mio
left-out = laissé hors de l'exécution : { $files }
left-out-more = et { $count } de plus

## Comment s'est terminée une étape du correcteur (contrôle de syntaxe, compilation, référence) :
# des groupes nominaux, que chaque message place après son sujet

outcome-exit-code = fin avec le code { $code }
outcome-signal = arrêt par le signal { $signal } ({ $name })
outcome-timed-out = toujours en cours à l'expiration du délai
outcome-output-too-large = sortie au-delà de la limite
outcome-interrupted = interruption
outcome-memory-limit = , après avoir atteint la limite de mémoire de { $limit }
outcome-task-limit = , après avoir atteint la limite de { $limit } processus et threads
outcome-disk-limit = , arrêt à la limite de disque ({ $limit })
disk-limit-files = { $files } fichiers et dossiers

## Les signaux : le nom et ce qu'il signifie d'ordinaire

signal-segv = SIGSEGV : accès mémoire invalide
signal-abrt = SIGABRT : le programme s'est arrêté lui-même (abort)
signal-kill = SIGKILL : tué
signal-fpe = SIGFPE : erreur arithmétique
signal-bus = SIGBUS : erreur de bus
signal-xcpu = SIGXCPU : limite de temps CPU dépassée
signal-xfsz = SIGXFSZ : limite de taille de fichier dépassée
signal-unknown = signal inconnu

## Les références, compilées et chronométrées avant les étudiants (ce que lit l'enseignant)

reference-missing = { $path } : pas de référence { $language } pour l'exercice `{ $exercise }` : ajoutez-la, sous la même forme que l'entrée d'un étudiant
reference-does-not-build = { $path } : la référence ne compile pas : { $why }
reference-unprepared = { $path } : la référence n'a pas pu être préparée : { $error }
reference-could-not-start = { $path } : la référence n'a pas pu démarrer : { $error }
reference-failed = { $path } : la référence a échoué ({ $how }) : { $stderr }
reference-no-result = { $path } : la référence n'a affiché aucune ligne correspondant à `{ $pattern }` ; sa dernière ligne est `{ $last }`
reference-no-output = { $path } : la référence n'a affiché aucune ligne correspondant à `{ $pattern }` ; elle n'a rien affiché
reference-never-timed = { $path } : la référence n'a jamais été chronométrée jusqu'au bout
reference-unstable = { $path } : la référence a affiché des résultats différents d'une exécution à l'autre
view-could-not-start = n'a pas pu être lancé : { $error }
