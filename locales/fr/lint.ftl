# Les messages du lint autour des constats des règles, en français : `grade lint` et
# `grade explain`, les mots des catégories et des sévérités, et pourquoi un fichier ne peut pas
# être analysé. Jumeau de ../en/lint.ftl.

## Catégories et sévérités, telles qu'on les lit (JSON et SARIF gardent les codes anglais)

lint-category-naming = nommage
lint-category-comments = commentaires
lint-category-syntax = syntaxe
lint-category-parallel = parallélisme
lint-severity-error = erreur
lint-severity-warning = avertissement
# Le nom du conseil d'une remarque, sous son extrait : `aide: ...`.
lint-help = aide

## grade lint

lint-no-such-path = erreur : { $path } : fichier ou dossier introuvable
lint-summary-clean = lint : aucun constat
lint-summary = lint : { $errors ->
    [one] { $errors } erreur
   *[other] { $errors } erreurs
}, { $warnings ->
    [one] { $warnings } avertissement
   *[other] { $warnings } avertissements
}, { $unreadable ->
    [one] { $unreadable } fichier illisible
   *[other] { $unreadable } fichiers illisibles
} ; `grade explain CODE` en dit plus sur une règle

## grade explain

lint-no-such-rule = erreur : pas de règle `{ $code }` ; les règles sont :
lint-by-default = par défaut :

## Les fichiers qui ne peuvent pas être analysés

lint-not-a-source = ni un source Python (.py) ni un source Rust (.rs)
lint-cannot-open = ouverture impossible : { $error }
lint-too-large = le fichier fait { $size }, trop pour un fichier source
lint-cannot-read = lecture du fichier impossible : { $error }
lint-unknown-encoding = encodage `{ $label }` inconnu dans la déclaration coding
lint-invalid-encoding = le fichier n'est pas en { $label } valide ; enregistrez-le en UTF-8
