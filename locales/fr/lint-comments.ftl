# Les constats des règles comments, en français : le nom d'une règle est son id, son résumé
# d'une ligne la valeur ; les textes de ses constats sont les attributs de l'id. Jumeau de ../en/lint-comments.ftl.

## C001

no-comments = fichier sans aucun commentaire ni docstring

## C002

missing-module-doc = fichier sans docstring de module ni doc `//!`

## C003

missing-function-doc = fonction d'au moins `function-doc-min-lines` lignes sans docstring ni commentaire

## C004

commented-out-code = code laissé en commentaire

## C005

todo-comment = TODO, FIXME, XXX ou HACK laissé dans un commentaire

## C006

low-comment-density = moins de lignes de commentaire que `min-comment-density` des lignes de code

## C007

empty-comment = commentaire ou docstring vide
