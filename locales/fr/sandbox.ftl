# Ce que le bac à sable dit de lui-même, en français : le nom et le détail de chaque protection
# (`grade doctor`, l'en-tête du rapport et ses `protections`), et pourquoi une isolation a été
# refusée. Chaque id a son jumeau dans ../en/sandbox.ftl.

## Les noms des protections ; le rapport garde aussi le nom anglais de chacune, le même partout.

protection-isolation = isolation
protection-filesystem = fichiers autorisés
protection-network = pas de réseau
protection-processes = espace de noms des processus
protection-user = utilisateur sans privilèges
protection-kill = arrêt de tous les processus
protection-memory = limite de mémoire
protection-tasks = limite de tâches
protection-disk = limite de disque
protection-rlimits = rlimits
protection-system-calls = appels système
protection-fetch = téléchargement des dépendances

## Les isolations, et pourquoi l'une a été refusée.

sandbox-namespaces = espaces de noms
sandbox-user-namespace = espaces de noms dans un espace de noms utilisateur
sandbox-landlock = Landlock
sandbox-bare = aucune isolation
sandbox-refusal = { $isolation } : { $reason }
sandbox-probe-unstarted = impossible de lancer { $helper } : { $reason }
sandbox-probe-hung = `true` ne s'est pas terminé en { $timeout }
sandbox-probe-failed = `true` a échoué ({ $status }) : { $message }
sandbox-probe-silent = aucun message
# Les mots de l'assistant sur l'application de Landlock, en anglais (« not enforced (...) »).
sandbox-landlock-unenforced = Landlock n'est pas appliqué : { $state }
sandbox-landlock-unknown = Landlock n'a rien dit de son application
sandbox-required = le bac à sable est exigé (sandbox.required), mais la protection « { $name } » n'est pas active ici : { $detail }

## Le détail de chaque protection : comment elle est assurée, ou ce qui la remplace.

sandbox-with-refusals = { $detail } (refus : { $refusals })
sandbox-isolation-built-in = { $isolation }, intégrés à grade
# { $state } : les mots de l'assistant, en anglais (« fully enforced »).
sandbox-isolation-landlock = Landlock seul ({ $state })
sandbox-isolation-none = aucune
sandbox-filesystem-namespaces = une racine à lui sur un tmpfs : /usr, /lib*, un /etc minimal et les chaînes de compilation en lecture seule ; seul le disque de travail de la tâche est accessible en écriture
sandbox-filesystem-landlock = Landlock : /usr, /lib*, quelques fichiers de /etc et les chaînes de compilation en lecture seule ; en écriture : le dossier de travail et le /dev/shm de l'hôte, où ce qu'une tâche laisse est supprimé après elle
sandbox-filesystem-bare = ni espaces de noms ni Landlock : le programme voit tous les fichiers que son utilisateur peut lire
sandbox-network-namespaces = un espace de noms réseau avec pour seule interface une boucle locale désactivée
sandbox-network-landlock = en partie : Landlock refuse toute connexion TCP et toute socket en écoute, mais l'UDP (DNS compris) atteint le réseau
sandbox-network-bare = le programme peut se connecter partout
sandbox-processes-namespaces = un espace de noms PID : le programme ne voit et ne signale que ses propres processus
sandbox-processes-landlock = pas d'espace de noms PID : le programme voit les processus de l'hôte ; Landlock (à partir de l'ABI 6) l'empêche de leur envoyer des signaux
sandbox-processes-bare = un groupe de processus seulement : le programme voit les processus de son utilisateur et peut leur envoyer des signaux
sandbox-user-not-root = grade n'est pas root : le code des étudiants s'exécute sous l'uid { $uid }, sans capacités
sandbox-user-namespaces = uid { $uid }, sans capacités, no_new_privs
sandbox-user-bare = uid { $uid }, sans capacités, no_new_privs ; sans espaces de noms, une chaîne de compilation fermée à l'uid { $uid } (sous /root) est inutilisable, et grade dit quoi changer
# Un fichier du cgroup d'une exécution : { $version } vaut v1 ou v2, { $file } est le fichier (memory.max).
sandbox-cgroup-file = { $file } du cgroup { $version } dans { $dir }/<exécution>
# { $why } : ce que la machine a dit de ses cgroups, en anglais.
sandbox-kill-cgroup = { $how } ; appartenance exacte pour le moniteur
sandbox-kill-namespace = l'espace de noms PID de la tâche : tuer son init les tue tous (pas de cgroup.kill : { $why })
sandbox-kill-v1 = SIGKILL à chaque membre des cgroups v1 de l'exécution jusqu'à ce qu'il n'en reste aucun ({ $why })
sandbox-kill-group = le groupe de processus seulement, auquel setsid échappe ({ $why })
sandbox-memory = { $size } par tâche : { $how }
sandbox-memory-with-disk = { $size } par tâche, disque de travail compris : { $how }
sandbox-memory-none = aucun cgroup mémoire utilisable ({ $why }) ; RLIMIT_AS n'est pas utilisé, il casse les environnements d'exécution
sandbox-tasks = { $tasks } processus et threads par tâche : { $how }
sandbox-tasks-nproc = RLIMIT_NPROC { $tasks } pour l'uid du bac à sable, partagé par les tâches simultanées (pas de cgroup pids)
sandbox-tasks-none = aucun cgroup pids utilisable ({ $why }) ; RLIMIT_NPROC compterait les autres processus de l'utilisateur
sandbox-disk-namespaces = { $size } et { $files } fichiers par compilation ou exécution (un tmpfs derrière son dossier de travail, /tmp et /dev/shm) ; au-delà, la tâche est arrêtée
sandbox-disk-host = pas d'espace de noms de montage : les tâches écrivent sur le disque de l'hôte, chaque fichier jusqu'à { $size }
sandbox-rlimits = CPU { $seconds } s par processus, fichiers jusqu'à { $size }, { $files } fichiers ouverts, pas de fichier core
sandbox-system-calls = un filtre seccomp : pas de trousseau de clés du noyau, pas de nouvel espace de noms utilisateur, pas d'appels d'une autre architecture
-fetch-how = le cargo du correcteur télécharge les dépendances (cargo vendor) d'après une copie des seuls manifestes (dépendances git, autres registres et chemins hors du crate refusés)
sandbox-fetch-https = { -fetch-how } ; TCP vers le port 443 seulement (ABI Landlock { $abi })
sandbox-fetch-any-port = { -fetch-how } ; vers tout port TCP : le Landlock de ce noyau (ABI { $abi }) ne sait pas restreindre les ports, il faut Linux 6.7
