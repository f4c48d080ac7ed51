# `grade similar`, in English: pairs of solutions that share code. Twin of ../fr/similar.ftl.

similar-header = { $solutions ->
    [one] { $solutions } solution
   *[other] { $solutions } solutions
} compared; { $pairs ->
    [one] { $pairs } pair
   *[other] { $pairs } pairs
} share at least { $min } of their code (the reference's and what most of the class writes set aside)
similar-pair-figures = ({ $language }, { $shared } shared fingerprints: { $a } of the first, { $b } of the second)
similar-min = --min { $value }: a share between 0 and 100 (a percent), such as 50
