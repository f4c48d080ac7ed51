# Le paquet du cours : `grade pack`, et un paquet lu par l'auto-vérification d'un étudiant.

## Lire un paquet
bundle-not-json = ce n'est pas un paquet de cours (ligne { $line } : { $reason }) : redemandez le fichier à votre enseignant, ou passez le grader.toml du cours
bundle-not-a-bundle = un fichier JSON, mais pas un paquet de cours (il n'a ni `format` ni `grader`) : passez le grader.toml du cours, ou le paquet écrit par `grade pack`
bundle-other-grader = fait par grade { $packed }, et celui-ci est grade { $ours } : les durées mesurées par un autre correcteur ne se comparent pas ; demandez à votre enseignant un paquet fait avec grade { $ours }, ou installez grade { $packed }
bundle-format = { $grader }, format de paquet { $format }
bundle-edited = le paquet du cours a été modifié après sa création ({ $reason }) : redemandez le fichier à votre enseignant (dans le dossier du cours : grade pack)
bundle-digest-differs = son empreinte ne correspond plus à son contenu
bundle-no-reference = { $file } : le paquet du cours n'a pas de référence { $language } pour l'exercice `{ $exercise }` : demandez à votre enseignant un paquet qui en ait une
bundle-calibration-failed = cette machine n'a pas pu être étalonnée, les durées des références ne peuvent donc pas être estimées : { $why }

## grade pack
pack-from-bundle = { $file } est déjà un paquet de cours : lancez grade pack dans le dossier du cours, ou passez son grader.toml avec --course
pack-references = références de { $folder }, chacune lancée { $runs ->
    [one] { $runs } fois
   *[other] { $runs } fois
} :
pack-reference = résultat { $result }, { $elapsed } (médiane ; de { $fastest } à { $slowest }){ $busy }
pack-busy = , CPU/réel { $ratio }
pack-calibration = cette machine, sur la charge d'étalonnage (la plus rapide de { $runs } exécutions) : { $figures }
pack-native = natif
pack-machine-busy = attention : l'étalonnage d'avant les références et celui d'après diffèrent de { $percent }% : la vitesse de cette machine a changé pendant la mesure (d'autres travaux ici, ou sur l'hôte d'une machine virtuelle), et les limites de temps des étudiants peuvent être faussées d'autant ; refaites le paquet quand elle est calme
pack-reference-slowed = attention : { $exercise } ({ $language }) : d'autres travaux occupaient les CPU pendant { $slowed } de ses { $tries } exécutions, sa durée est donc aussi la médiane d'exécutions ralenties : elle peut être trop longue, et les limites des étudiants avec elle ; refaites le paquet quand cette machine est calme
pack-problem = aucun paquet écrit : { $problems ->
    [one] { $problems } problème
   *[other] { $problems } problèmes
} ci-dessus
pack-written = { $file } : le paquet du cours ({ $size }), sans aucune source des références : mettez-le dans le dossier où sont les dossiers de vos étudiants (ou dans chacun) ; `grade .` l'y trouve, comme il trouve grader.toml
pack-unwritable = { $file } : le paquet n'a pas pu être écrit : { $reason }

## grade check, avec un paquet
course-check-bundle = références : celles du paquet du cours { $file } (fait par grade { $grader }), chronométrées sur la machine de l'enseignant :
