# Les constats des règles parallel, en français : le nom d'une règle est son id, son résumé
# d'une ligne la valeur ; les textes de ses constats sont les attributs de l'id. Jumeau de ../en/lint-parallel.ftl.

## P001

no-main-guard = processus créés au niveau du module, hors de `if __name__ == "__main__":`
    .message = `{ $name }(...)` crée des processus au niveau du module, hors de `if __name__ == "__main__":`
    .message-indirect = `{ $name }()` est appelée au niveau du module, hors de `if __name__ == "__main__":`, et elle crée des processus (`{ $made }` ligne { $line })
    .help = la placer sous `if __name__ == "__main__":` : avec la méthode spawn (Windows, macOS, Linux à partir de Python 3.14) chaque processus importe ce fichier et l'exécuterait à nouveau

## P002

pool-without-size = `Pool()` ou `ProcessPoolExecutor()` sans nombre de processus
    .message-missing = `{ $name }()` ne reçoit pas de nombre de processus : il lance un processus par CPU de la machine
    .message-default = `{ $name }({ $keyword }={ $value })` revient à ne pas donner de nombre de processus : il lance un processus par CPU de la machine
    .help = donner la taille que l'énoncé autorise, par exemple `{ $name }({ $keyword }=4)`

## P003

pool-not-closed = pool gardé dans une variable, hors de `with`, et jamais fermé
    .message = le pool `{ $variable }` n'est jamais fermé ni attendu : ses processus restent en marche
    .help = écrire `with { $name }(...) as { $variable }:`, ou appeler { $executor ->
        [yes] `{ $variable }.shutdown()`
       *[no] `{ $variable }.close()` puis `{ $variable }.join()`
    } une fois le travail soumis

## P004

process-not-joined = `Process` lancé par `start()` et jamais attendu par `join()`
    .message = ce `{ $name }(...)` est lancé mais jamais attendu par `join()`
    .help = appeler `join()` sur lui (ou dans une boucle sur sa liste) une fois ses résultats lus, pour que le programme attende qu'il finisse
    .message-unnamed = ce `{ $name }(...)` est lancé sans être gardé dans une variable : il ne pourra jamais être attendu par `join()`
    .help-unnamed = le garder (`worker = Process(...)`, ou dans une liste), le lancer, puis appeler `join()` sur lui une fois ses résultats lus

## P005

get-after-join = processus attendus avant la lecture de la file où ils écrivent : un interblocage
    .message = les processus sont attendus avant la lecture de `{ $queue }` (`{ $queue }.get()` ligne { $line }) : un processus ne se termine pas tant que ce qu'il a mis dans la file n'est pas lu, donc dès que le tube de la file est plein (environ 64 Kio) chacun attend l'autre pour toujours
    .help = lire d'abord les résultats (un `{ $queue }.get()` par valeur mise), puis attendre les processus

## P006

result-on-process = attribut affecté dans `run()` d'une sous-classe de `Process`, lu dans le processus parent
    .message = `{ $read }` est lu dans le parent, mais `run()` affecte `self.{ $name }` dans le processus enfant (ligne { $line }) : le parent ne voit jamais cette valeur
    .help = renvoyer le résultat par une `multiprocessing.Queue` ou un `Pipe`, ou utiliser un `Pool` dont `map` renvoie les résultats

## P007

threads-not-processes = des threads (`ThreadPool`, `ThreadPoolExecutor`, `threading.Thread`) au lieu de processus
    .message = `{ $name }(...)` lance des threads, pas des processus : avec le verrou global de CPython, un seul d'entre eux calcule à la fois
    .help = utiliser des processus comme l'énoncé le demande : `multiprocessing.Pool`, `multiprocessing.Process` ou `concurrent.futures.ProcessPoolExecutor`

## P008

thread-not-joined = `thread::spawn` dont le `JoinHandle` est abandonné ou jamais attendu par `join()`
    .message = le handle `{ $name }` de ce thread n'est jamais attendu par `join()` : rien n'attend le thread, qui est tué si `main` se termine avant
    .message-dropped = le `JoinHandle` de ce thread est abandonné : rien n'attend le thread, qui est tué si `main` se termine avant
    .message-list = les handles de `{ $list }` ne sont jamais attendus par `join()` : rien n'attend ces threads, qui sont tués si `main` se termine avant
    .help = garder le handle et appeler `join()` dessus une fois les autres threads lancés, ou utiliser `thread::scope`, qui attend ses threads

## P009

thread-per-item = un thread lancé par élément, dans une boucle sur un intervalle de plus de 16 nombres
    .message = un thread par élément : ce lancement s'exécute une fois pour chacun des { $count } nombres, pour au plus 4 CPU
    .help = découper les nombres en autant de morceaux que de travailleurs (`chunks`, `step_by`) et lancer un thread par morceau

## S001

syntax-error = fichier qui ne peut pas être analysé : une erreur de syntaxe
    .message = impossible d'analyser ce fichier : erreur de syntaxe ici
    .message-missing = impossible d'analyser ce fichier : { $token } attendu ici
    .help = à corriger d'abord (`{ $tool }` dit ce qui ne va pas) : les autres règles ne voient que ce qui s'analyse
