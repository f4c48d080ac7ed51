# Les verdicts du contrôle result sur la façon dont une bonne valeur a été obtenue, en français :
# affichée quels que soient les CPU visibles, calculée plutôt qu'écrite dans le code source ou
# calculée par le compilateur ou le script de build, passée par la file ou le canal que
# l'exercice demande, et (Python) additionnée à partir de ce que les processus de travail ont
# envoyé au processus principal. Jumeau de ../en/result.ftl ; voir src/checks/result.rs et
# src/checks/origin.rs.

## Où, dans le code de l'étudiant

result-place = { $file }, { $count ->
    [one] ligne
   *[other] lignes
} { $lines }

## Une bonne valeur obtenue sans le travail

result-cpus-differ = avec { $cpus ->
    [one] { $cpus } CPU visible
   *[other] { $cpus } CPU visibles
}, le programme { $seen ->
    [printed] a affiché { $printed }
    [nothing] n'a affiché aucun résultat
   *[failed] a échoué ({ $failure })
} ; avec { $graded ->
    [one] { $graded } CPU visible
   *[other] { $graded } CPU visibles
}, il a affiché { $value } : le résultat ne doit pas dépendre du nombre de CPU que voit le programme (la machine qui corrige en a un nombre bien à elle)
result-cpus-differ-try = découpez le travail selon les données (`range(100)` en tranches de taille fixe), pas selon le nombre de CPU
result-constant = { $value } est écrit dans le code source ({ $place } : `{ $text }`) : le programme doit calculer le résultat, pas l'afficher tout fait
result-pieces = { $value } est écrit en morceaux dans le code source ({ $place } : { $sum }) : le programme doit calculer le résultat, pas additionner des nombres écrits dans son code
result-compile-time = le compilateur calcule le résultat ({ $place } : `{ $text }` appelle une `const fn` de la crate) : le travail doit se faire quand le programme s'exécute, dans ses threads
result-build-time = le script de build calcule le résultat ({ $place } : `{ $text }` inclut ce que build.rs a généré) : le travail doit se faire quand le programme s'exécute, dans ses threads
result-no-queue = l'exercice demande une file de multiprocessing : { $seen } ; les processus de travail mettent leurs valeurs dans une Queue de multiprocessing, le processus principal les y prend
result-no-channel = l'exercice demande un canal : la crate ne crée aucun canal std::sync::mpsc, crossbeam ou flume sur lequel elle envoie ; les threads envoient leurs valeurs sur un canal, le thread principal les reçoit

## D'où vient un résultat Python : l'enregistrement de ce qui est passé entre les processus

# Ce qui est passé par les files, quand les processus de travail n'y ont pas mis et le
# processus principal pas pris : $puts éléments mis par les processus de travail, $gets pris
# par le processus principal ; $through, ce par quoi le processus principal a reçu ses valeurs
# à la place (pool, executor, pipe ou none).
origin-queue-seen = { $puts ->
    [0] { $gets ->
        [0] aucun processus de travail n'a mis quoi que ce soit dans une file
       *[other] le processus principal a pris { $gets } { $gets ->
            [one] élément
           *[other] éléments
        } dans une file, mais aucun processus de travail n'en a mis
    }
   *[other] les processus de travail ont mis { $puts } { $puts ->
        [one] élément
       *[other] éléments
    } dans une file, mais le processus principal n'en a pris aucun
}{ $through ->
    [pool] {" "}; les valeurs sont revenues par un pool
    [executor] {" "}; les valeurs sont revenues par un exécuteur
    [pipe] {" "}; les valeurs sont revenues par un tube
   *[none] {""}
}
# $channel : pool, executor, queue ou pipe.
origin-from-workers = la somme { $count ->
    [one] de la seule valeur
   *[other] des { $count } valeurs
} { $workers ->
    [one] qu'un processus de travail a
   *[other] que { $workers } processus de travail ont
} { $channel ->
    [pool] { $count ->
        [one] renvoyée
       *[other] renvoyées
    } par le pool
    [executor] { $count ->
        [one] renvoyée
       *[other] renvoyées
    } par l'exécuteur
    [queue] { $count ->
        [one] mise
       *[other] mises
    } dans la file
   *[pipe] { $count ->
        [one] envoyée
       *[other] envoyées
    } par un tube
}
origin-not-traced = non rattaché aux processus de travail : le programme a échangé plus de messages que l'enregistrement n'en garde
origin-sent-other = { $value } ne vient pas des processus de travail : les valeurs que le processus principal a reçues ont bien cette somme, mais ce que les processus de travail ont envoyé a pour somme { $sent }
origin-received-other = { $value } ne vient pas des processus de travail : le processus principal a reçu { $count } { $count ->
    [one] valeur
   *[other] valeurs
} { $channel ->
    [pool] du pool
    [executor] de l'exécuteur
    [queue] d'une file
   *[pipe] par des tubes
}, dont la somme fait { $sum }, et non { $value }
origin-nothing-crossed = { $value } ne vient pas des processus de travail : aucune valeur n'est passée entre les processus du programme par multiprocessing (un Pool, une Queue, un Pipe ou un ProcessPoolExecutor)
origin-no-number = { $value } ne vient pas des processus de travail : les processus de travail n'ont envoyé aucun nombre au processus principal
origin-try = faites calculer les valeurs par les processus de travail et envoyez-les au processus principal (les résultats de `pool.map`, ou une `Queue`), qui les additionne
