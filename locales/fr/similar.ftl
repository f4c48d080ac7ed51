# `grade similar`, en français : les paires de solutions qui partagent du code. Jumeau de
# ../en/similar.ftl.

similar-header = { $solutions ->
    [one] { $solutions } solution comparée
   *[other] { $solutions } solutions comparées
} ; { $pairs ->
    [one] { $pairs } paire partage
   *[other] { $pairs } paires partagent
} au moins { $min } de leur code (ce qui vient de la référence et ce que la plupart de la classe écrit mis à part)
similar-pair-figures = ({ $language }, { $shared } empreintes communes : { $a } de la première, { $b } de la seconde)
similar-min = --min { $value } : une part entre 0 et 100 (un pourcentage), par exemple 50
