# Les constats des règles parallel, en français : le nom d'une règle est son id, son résumé
# d'une ligne la valeur ; les textes de ses constats sont les attributs de l'id. Jumeau de ../en/lint-parallel.ftl.

## P001

no-main-guard = processus créés au niveau du module, hors de `if __name__ == "__main__":`

## P002

pool-without-size = `Pool()` ou `ProcessPoolExecutor()` sans nombre de processus

## P003

pool-not-closed = pool gardé dans une variable, hors de `with`, et jamais fermé

## P004

process-not-joined = `Process` lancé par `start()` et jamais attendu par `join()`

## P005

get-after-join = processus attendus avant la lecture de la file où ils écrivent : un interblocage

## P006

result-on-process = attribut affecté dans `run()` d'une sous-classe de `Process`, lu dans le processus parent

## P007

threads-not-processes = des threads (`ThreadPool`, `ThreadPoolExecutor`, `threading.Thread`) au lieu de processus

## P008

thread-not-joined = `thread::spawn` dont le `JoinHandle` est abandonné ou jamais attendu par `join()`

## P009

thread-per-item = un thread lancé par élément, dans une boucle sur un intervalle de plus de 16 nombres

## S001

syntax-error = fichier qui ne peut pas être analysé : une erreur de syntaxe
