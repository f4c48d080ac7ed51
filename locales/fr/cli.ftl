# Les messages de grade, en français : le rapport du terminal, la ligne de commande, ses erreurs
# et `grade doctor`. Chaque id a son jumeau dans ../en/cli.ftl.
