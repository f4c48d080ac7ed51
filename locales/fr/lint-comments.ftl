# Les constats des règles comments, en français : le nom d'une règle est son id, son résumé
# d'une ligne la valeur ; les textes de ses constats sont les attributs de l'id. Jumeau de ../en/lint-comments.ftl.

## C001

no-comments = fichier sans aucun commentaire ni docstring
    .message = ce fichier a { $lines } lignes de code et aucun commentaire pour les expliquer
    .help = { $language ->
        [python] commencer par une docstring qui dit ce que calcule le script, et commenter les étapes qu'un lecteur ne peut pas deviner
       *[rust] commencer par un commentaire `//!` qui dit ce que calcule le programme, et commenter les étapes qu'un lecteur ne peut pas deviner
    }

## C002

missing-module-doc = fichier sans docstring de module ni doc `//!`
    .message = il manque { $language ->
        [python] une docstring de module
       *[rust] un commentaire de doc `//!`
    } : le fichier ne dit pas à quoi il sert
    .help = { $language ->
        [python] commencer le fichier par une docstring : """Ce que calcule ce script, et comment."""
       *[rust] commencer le fichier par `//! Ce que calcule ce module, et comment.`
    }

## C003

missing-function-doc = fonction d'au moins `function-doc-min-lines` lignes sans docstring ni commentaire
    .message = la fonction `{ $name }` fait { $lines } lignes mais n'a pas de { $language ->
        [python] docstring
       *[rust] commentaire de doc
    }
    .help = { $language ->
        [python] ajouter sous la ligne `def` une docstring qui dit ce qu'elle renvoie, et à partir de quoi
       *[rust] ajouter au-dessus un commentaire `///` qui dit ce qu'elle renvoie, et à partir de quoi
    }

## C004

commented-out-code = code laissé en commentaire
    .message = { $lines ->
        [one] code commenté
       *[other] { $lines } lignes de code commenté
    }
    .help = le supprimer : le gestionnaire de versions garde l'ancien code, le fichier ne doit montrer que ce qui s'exécute

## C005

todo-comment = TODO, FIXME, XXX ou HACK laissé dans un commentaire
    .message = `{ $tag }` laissé dans un commentaire : le travail n'est pas terminé
    .help = le terminer, ou dire dans le commentaire pourquoi c'est laissé ainsi

## C006

low-comment-density = moins de lignes de commentaire que `min-comment-density` des lignes de code
    .message = seulement { $comments ->
        [one] { $comments } ligne de commentaire
       *[other] { $comments } lignes de commentaire
    } pour { $code } lignes de code (au moins { $expected ->
        [one] { $expected } attendue
       *[other] { $expected } attendues
    }, { $percent } %)
    .help = commenter les étapes dont le lecteur ne peut pas deviner la raison : pourquoi, pas quoi

## C007

empty-comment = commentaire ou docstring vide
    .message = commentaire vide
    .help = écrire le commentaire ou supprimer le marqueur
    .message-docstring = docstring vide
    .help-docstring = dire ce que fait la fonction ou le module, ou supprimer les guillemets
