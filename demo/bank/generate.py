"""Generate banque-demo.json, the demo content bank loaded by `manage.py load_demo_content`.

Run once, commit both files: ``python demo/bank/generate.py``. The questions are written
per skill below (plain French, answerable, solution checked); variants rephrase or change the values.
Identifiers are stable (a hash of the skill and the variant's rank), so that a regenerated bank updates
the challenges in place. About 10 % are timed and 5 % focus, chosen by a fixed rule.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

Variant = dict[str, Any]
OUT = Path(__file__).with_name("banque-demo.json")


def U(instruction: str, proposals: list[str], right: int, **flags: Any) -> Variant:
    return {"type": "QCU", "instruction": instruction, "proposals": proposals, "solution": right, **flags}


def M(instruction: str, proposals: list[str], right: list[int], **flags: Any) -> Variant:
    return {"type": "QCM", "instruction": instruction, "proposals": proposals, "solution": sorted(right), **flags}


def R(instruction: str, answers: list[str], **flags: Any) -> Variant:
    return {"type": "QROC", "instruction": instruction, "proposals": [], "solution": answers, **flags}


# competence → tube → level → variants
BANK: dict[str, dict[str, dict[int, list[Variant]]]] = {}

BANK["1.1"] = {
    "@rechercheInfo": {
        1: [
            U(
                "Pour trouver des informations sur Internet à partir de mots-clés, quel outil utilise-t-on ?",
                ["Un moteur de recherche", "Un tableur", "Un logiciel de retouche d'images", "Un pare-feu"],
                0,
            ),
            U(
                "Lequel de ces services est un moteur de recherche ?",
                ["Qwant", "LibreOffice Writer", "VLC", "Thunderbird"],
                0,
            ),
            U(
                "Dans un navigateur, où tape-t-on l'adresse d'un site pour s'y rendre directement ?",
                [
                    "Dans la barre d'adresse",
                    "Dans la barre des tâches",
                    "Dans le menu Fichier",
                    "Dans le gestionnaire de téléchargements",
                ],
                0,
            ),
        ],
        3: [
            U(
                "Quelle requête ne donne que les pages contenant exactement l'expression « tour de France » ?",
                ['"tour de France"', "tour + de + France", "tour OR France", "tour -de France"],
                0,
            ),
            U(
                "Sur la plupart des moteurs de recherche, comment exclure le mot « recette » des résultats d'une recherche sur « gâteau » ?",
                ["gâteau -recette", "gâteau +recette", 'gâteau "recette"', "gâteau recette?"],
                0,
            ),
            R(
                "Sur un moteur de recherche, quel opérateur (suivi de deux-points) limite les résultats à un seul site, comme dans « …:education.gouv.fr » ? Écrivez l'opérateur sans les deux-points.",
                ["site", "site:"],
            ),
        ],
        5: [
            R(
                "Quel opérateur de recherche (suivi de deux-points) limite les résultats à un type de fichier, comme dans « …:pdf » ? Écrivez l'opérateur sans les deux-points.",
                ["filetype", "filetype:", "ext", "ext:"],
            ),
            U(
                "Vous cherchez des documents PDF sur le climat publiés uniquement sur le site ademe.fr. Quelle requête convient ?",
                [
                    "climat site:ademe.fr filetype:pdf",
                    "climat + ademe + pdf",
                    '"climat ademe.fr pdf"',
                    "climat -ademe.fr -pdf",
                ],
                0,
            ),
            M(
                "Parmi ces requêtes, lesquelles excluent les pages contenant le mot « piscine » ?",
                ["camping -piscine", "camping +piscine", 'camping "piscine"', "-piscine camping"],
                [0, 3],
            ),
        ],
    },
    "@evaluerSource": {
        2: [
            U(
                "Sur un site web, où trouve-t-on en général le nom de son éditeur et de son directeur de publication ?",
                [
                    "Dans les mentions légales",
                    "Dans la barre d'adresse",
                    "Dans l'historique du navigateur",
                    "Dans les cookies",
                ],
                0,
            ),
            U(
                "Quel élément permet le mieux de savoir si l'information d'un article est à jour ?",
                [
                    "La date de publication ou de mise à jour",
                    "Le nombre d'images",
                    "La couleur du site",
                    "La longueur du texte",
                ],
                0,
            ),
            M(
                "Quels indices aident à juger la fiabilité d'un article en ligne ?",
                [
                    "L'auteur est identifié",
                    "Les sources sont citées",
                    "Le titre est écrit en majuscules",
                    "La page affiche beaucoup de publicités",
                ],
                [0, 1],
            ),
        ],
        4: [
            U(
                "Une photo spectaculaire circule sur les réseaux sociaux. Quel outil permet de retrouver où elle a été publiée auparavant ?",
                [
                    "Une recherche d'image inversée",
                    "Un correcteur orthographique",
                    "Un antivirus",
                    "Un convertisseur PDF",
                ],
                0,
                has_image=True,
            ),
            U(
                "Un article affirme un fait surprenant sans citer aucune source. Quelle est la meilleure démarche ?",
                [
                    "Chercher si d'autres sources fiables rapportent le même fait",
                    "Le partager pour demander l'avis de ses amis",
                    "Le croire s'il a beaucoup de « j'aime »",
                    "Vérifier que le site a un joli design",
                ],
                0,
            ),
            R(
                "Quel mot français, proposé pour remplacer « fake news », désigne une fausse information ?",
                ["infox", "une infox"],
            ),
        ],
        6: [
            U(
                "Un site à l'adresse « lemonde.info-actu.co » imite la mise en page d'un grand quotidien. Que faut-il en penser ?",
                [
                    "Le nom de domaine n'est pas celui du journal : le site se fait probablement passer pour lui",
                    "C'est le site officiel puisque « lemonde » apparaît dans l'adresse",
                    "Un site en .co est toujours fiable",
                    "Une mise en page identique prouve que c'est le vrai journal",
                ],
                0,
            ),
            M(
                "Quels éléments peuvent révéler qu'une photo est détournée de son contexte ?",
                [
                    "Ses métadonnées indiquent une date antérieure à l'événement",
                    "Une recherche inversée la retrouve liée à un autre événement",
                    "Elle est au format JPEG",
                    "Elle a été partagée des milliers de fois",
                ],
                [0, 1],
            ),
            U(
                "Pour un chiffre sur la population française, quelle est la source primaire ?",
                [
                    "L'Insee, qui produit ces statistiques",
                    "Un blog qui commente ces chiffres",
                    "Un message sur un réseau social qui cite un article",
                    "Un forum de discussion",
                ],
                0,
            ),
        ],
    },
    "@veille": {
        3: [
            U(
                "Quel outil permet de recevoir automatiquement les nouveaux articles de plusieurs sites au même endroit ?",
                [
                    "Un agrégateur de flux RSS",
                    "Un tableur",
                    "Un traitement de texte",
                    "Un gestionnaire de mots de passe",
                ],
                0,
            ),
            R(
                "Quel sigle de trois lettres désigne le format de flux qui permet de suivre les nouveautés d'un site ?",
                ["RSS"],
            ),
            U(
                "À quoi sert une alerte créée sur un moteur de recherche ?",
                [
                    "À être prévenu quand de nouveaux résultats apparaissent pour une requête",
                    "À bloquer les sites dangereux",
                    "À accélérer la connexion",
                    "À supprimer l'historique",
                ],
                0,
            ),
        ],
    },
}

BANK["1.2"] = {
    "@fichiers": {
        1: [
            U("Quelle extension correspond à un fichier de tableur ?", [".ods", ".mp3", ".jpg", ".html"], 0),
            U("Quelle extension correspond à une image ?", [".png", ".odt", ".csv", ".exe"], 0),
            U("Quelle extension correspond à un fichier audio ?", [".mp3", ".docx", ".gif", ".ods"], 0),
            U(
                "Quelle extension correspond à un document de traitement de texte ?",
                [".odt", ".mp4", ".png", ".zip"],
                0,
            ),
        ],
        3: [
            U(
                "Dans le chemin « Documents/Cours/Maths/exercice.odt », dans quel dossier se trouve directement le fichier exercice.odt ?",
                ["Maths", "Documents", "Cours", "exercice"],
                0,
            ),
            R(
                "Dans le chemin « Images/Vacances/2023/plage.jpg », quel est le nom du dossier qui contient directement plage.jpg ?",
                ["2023"],
            ),
            U(
                "Vous déplacez un fichier d'un dossier à un autre sur la même clé USB. Combien d'exemplaires du fichier existe-t-il ensuite ?",
                [
                    "Un seul, dans le nouveau dossier",
                    "Deux, un dans chaque dossier",
                    "Aucun : il est supprimé",
                    "Un seul, dans l'ancien dossier",
                ],
                0,
            ),
        ],
        5: [
            U(
                "Quel format de fichier compresse plusieurs fichiers et dossiers en une seule archive ?",
                [".zip", ".txt", ".bmp", ".wav"],
                0,
            ),
            M(
                "Quels formats sont des formats ouverts, documentés et libres d'utilisation ?",
                [".odt", ".csv", ".html", ".psd"],
                [0, 1, 2],
            ),
            R("Un fichier se nomme « rapport.final.v2.pdf ». Quelle est son extension (sans le point) ?", ["pdf"]),
        ],
    },
    "@stockage": {
        2: [
            U(
                "Lequel de ces supports permet de stocker des fichiers et de les emporter ?",
                ["Une clé USB", "Un écran", "Un clavier", "Une souris"],
                0,
            ),
            U(
                "Qu'appelle-t-on « stocker ses fichiers dans le nuage » ?",
                [
                    "Les enregistrer sur des serveurs accessibles par Internet",
                    "Les enregistrer dans la mémoire vive",
                    "Les imprimer",
                    "Les effacer temporairement",
                ],
                0,
            ),
            U(
                "Quelle unité est la plus grande ?",
                ["Le téraoctet (To)", "Le gigaoctet (Go)", "Le mégaoctet (Mo)", "Le kilooctet (ko)"],
                0,
            ),
        ],
        4: [
            R(
                "Combien de mégaoctets (Mo) font environ 2 gigaoctets (Go) ? Répondez par un nombre (1 Go = 1000 Mo).",
                ["2000", "2 000"],
            ),
            R(
                "Combien de fichiers de 500 Mo peut-on copier au plus sur une clé de 4 Go (1 Go = 1000 Mo) ? Répondez par un nombre.",
                ["8", "huit"],
            ),
            U(
                "Une photo pèse 3 Mo. Environ combien de photos de ce poids tiennent sur un espace libre de 30 Go (1 Go = 1000 Mo) ?",
                ["10 000", "1 000", "100", "100 000"],
                0,
            ),
        ],
        6: [
            U(
                "Quelle stratégie de sauvegarde est la plus sûre ?",
                [
                    "Trois copies, sur deux supports différents, dont une hors du lieu habituel",
                    "Une seule copie sur le disque de l'ordinateur",
                    "Deux copies sur le même disque dur",
                    "Une copie dans la corbeille",
                ],
                0,
            ),
            M(
                "Un service de stockage en ligne synchronise un dossier. Quelles affirmations sont vraies ?",
                [
                    "Un fichier supprimé sur l'ordinateur peut être supprimé aussi en ligne",
                    "La synchronisation n'est pas une sauvegarde à elle seule",
                    "Les fichiers ne peuvent plus jamais être perdus",
                    "La synchronisation fonctionne sans connexion à Internet",
                ],
                [0, 1],
            ),
            U(
                "Qu'est-ce qu'une sauvegarde incrémentale ?",
                [
                    "Une sauvegarde qui ne copie que ce qui a changé depuis la sauvegarde précédente",
                    "Une sauvegarde qui copie tout à chaque fois",
                    "Une sauvegarde qui compresse les images",
                    "Une copie faite sur papier",
                ],
                0,
            ),
        ],
    },
}

BANK["1.3"] = {
    "@tableurFormule": {
        1: [
            R(
                "Dans un tableur, comment s'appelle la case située à l'intersection de la colonne B et de la ligne 3 ? (ex. : A1)",
                ["B3"],
            ),
            U("Dans un tableur, par quel caractère commence une formule ?", ["=", "#", "?", "@"], 0),
            R("Dans un tableur, quelle est l'adresse de la cellule de la colonne D, ligne 7 ?", ["D7"]),
        ],
        2: [
            R(
                "Les cellules A1, A2 et A3 contiennent 4, 6 et 10. Quel résultat affiche la formule =SOMME(A1:A3) ?",
                ["20"],
            ),
            R("Les cellules B1, B2, B3 et B4 contiennent 2, 4, 6 et 8. Quel résultat affiche =MOYENNE(B1:B4) ?", ["5"]),
            R("La cellule A1 contient 12 et B1 contient 3. Quel résultat affiche la formule =A1*B1 ?", ["36"]),
            R("La cellule A1 contient 15 et B1 contient 5. Quel résultat affiche la formule =A1/B1+1 ?", ["4"]),
        ],
        4: [
            U(
                "La formule =A1*$B$1 écrite en C1 est recopiée vers le bas en C2. Quelle formule contient C2 ?",
                ["=A2*$B$1", "=A2*$B$2", "=A1*$B$1", "=B2*$C$1"],
                0,
            ),
            U(
                "La formule =B2+C2 écrite en D2 est recopiée en D5. Quelle formule contient D5 ?",
                ["=B5+C5", "=B2+C2", "=B5+C2", "=E5+F5"],
                0,
            ),
            R('A1 contient 8. Quel résultat affiche =SI(A1>10;"élevé";"faible") ?', ["faible"]),
        ],
        6: [
            R("A1:A5 contient 3, 7, 12, 7 et 1. Quel résultat affiche =NB.SI(A1:A5;7) ?", ["2"]),
            R('A1:A4 contient 10, 25, 40 et 5. Quel résultat affiche =NB.SI(A1:A4;">20") ?', ["2"]),
            U(
                "Pour retrouver dans un tableau le prix d'un article à partir de sa référence, quelle fonction utilise-t-on ?",
                ["RECHERCHEV", "SOMME", "ARRONDI", "MAINTENANT"],
                0,
            ),
        ],
    },
    "@trierFiltrer": {
        3: [
            U(
                "Une liste d'élèves doit être classée de Z à A selon le nom. Quelle opération utilise-t-on ?",
                [
                    "Un tri décroissant sur la colonne Nom",
                    "Un tri croissant sur la colonne Nom",
                    "Un filtre sur la colonne Nom",
                    "Une mise en forme conditionnelle",
                ],
                0,
            ),
            U(
                "Dans un tableau, quelle fonction permet d'afficher seulement les lignes de la classe « 3B » sans supprimer les autres ?",
                ["Le filtre", "Le tri", "La fusion de cellules", "Le gel des volets"],
                0,
            ),
            U(
                "Des notes 12, 8, 15 et 10 sont triées par ordre croissant. Laquelle arrive en premier ?",
                ["8", "10", "12", "15"],
                0,
            ),
        ],
        5: [
            U(
                "Quel type de graphique montre le mieux la répartition d'un budget en parts d'un total ?",
                ["Un graphique en secteurs", "Une courbe", "Un nuage de points", "Un histogramme empilé de dates"],
                0,
            ),
            U(
                "Quel type de graphique montre le mieux l'évolution d'une température jour après jour ?",
                ["Une courbe", "Un graphique en secteurs", "Un tableau croisé", "Une carte"],
                0,
            ),
            M(
                "Un fichier CSV est ouvert dans un tableur. Quelles affirmations sont vraies ?",
                [
                    "Les valeurs sont séparées par un caractère comme la virgule ou le point-virgule",
                    "Il ne garde pas les formules ni la mise en forme",
                    "Il peut contenir plusieurs feuilles",
                    "C'est un format propre à un seul logiciel",
                ],
                [0, 1],
            ),
        ],
    },
}

BANK["2.1"] = {
    "@messagerie": {
        1: [
            U(
                "Quelle adresse est une adresse électronique valide ?",
                ["lea.martin@exemple.fr", "lea.martin.exemple.fr", "@lea.martin", "www.lea-martin.fr"],
                0,
            ),
            U(
                "Quel caractère sépare le nom d'utilisateur et le domaine dans une adresse électronique ?",
                ["@", "#", "&", "/"],
                0,
            ),
            R("Dans l'adresse « paul.durand@lycee.fr », quel est le nom de domaine ?", ["lycee.fr"]),
        ],
        3: [
            U(
                "Vous écrivez à toute la classe sans que chacun voie les adresses des autres. Dans quel champ mettez-vous les adresses ?",
                ["Cci (copie cachée)", "À", "Cc (copie)", "Objet"],
                0,
            ),
            U(
                "Vous répondez à un courriel envoyé à cinq personnes. Quel bouton envoie votre réponse à l'expéditeur et aux quatre autres destinataires ?",
                ["Répondre à tous", "Répondre", "Transférer", "Archiver"],
                0,
            ),
            U(
                "Que fait le bouton « Transférer » d'une messagerie ?",
                [
                    "Il envoie le message reçu, avec ses pièces jointes, à d'autres destinataires",
                    "Il répond à l'expéditeur seul",
                    "Il supprime le message",
                    "Il bloque l'expéditeur",
                ],
                0,
            ),
        ],
        5: [
            M(
                "Un message contient une pièce jointe de 40 Mo refusée par le serveur. Quelles solutions conviennent ?",
                [
                    "Déposer le fichier sur un espace de partage et envoyer le lien",
                    "Compresser ou réduire le fichier s'il peut l'être",
                    "Renvoyer le même message plusieurs fois",
                    "Changer l'objet du message",
                ],
                [0, 1],
            ),
            U(
                "À quoi sert une règle (ou un filtre) de messagerie ?",
                [
                    "À trier automatiquement les messages reçus selon des critères",
                    "À chiffrer tous les messages",
                    "À augmenter la taille de la boîte",
                    "À vérifier l'orthographe",
                ],
                0,
            ),
            U(
                "Quel est l'intérêt d'une signature automatique dans une messagerie ?",
                [
                    "Ajouter à chaque message ses coordonnées sans les retaper",
                    "Prouver l'identité de l'expéditeur de façon infalsifiable",
                    "Empêcher la lecture par d'autres",
                    "Accélérer l'envoi",
                ],
                0,
            ),
        ],
    },
    "@communiquer": {
        2: [
            U(
                "Quel outil permet d'échanger en direct par la voix et l'image avec une personne éloignée ?",
                ["La visioconférence", "Le tableur", "Le traitement de texte", "Le lecteur PDF"],
                0,
            ),
            U(
                "Dans un message écrit, que signifie en général un texte ENTIÈREMENT EN MAJUSCULES ?",
                ["Qu'on crie", "Qu'on chuchote", "Qu'on plaisante", "Rien de particulier"],
                0,
            ),
            M(
                "Quelles règles de politesse s'appliquent à un courriel adressé à un professeur ?",
                [
                    "Une formule d'appel comme « Bonjour Madame »",
                    "Un objet qui résume la demande",
                    "Des abréviations de SMS",
                    "Aucune signature",
                ],
                [0, 1],
            ),
        ],
        4: [
            U(
                "Lors d'une visioconférence à plusieurs, quelle pratique facilite les échanges ?",
                [
                    "Couper son micro quand on ne parle pas",
                    "Parler tous en même temps",
                    "Laisser la musique en fond",
                    "Désactiver le son des autres",
                ],
                0,
            ),
            U(
                "Quel outil convient pour échanger en direct par écrit avec une équipe, avec des salons par sujet ?",
                ["Une messagerie instantanée d'équipe", "Un tableur", "Une clé USB", "Une imprimante"],
                0,
            ),
            U(
                "Vous recevez un message agressif d'un inconnu. Quelle est la réaction la plus adaptée ?",
                [
                    "Ne pas répondre, le bloquer et le signaler",
                    "Lui répondre sur le même ton",
                    "Transférer le message à tous vos contacts",
                    "Lui donner votre numéro pour s'expliquer",
                ],
                0,
            ),
        ],
        6: [
            U(
                "Qu'est-ce que le chiffrement « de bout en bout » d'une messagerie ?",
                [
                    "Seuls l'expéditeur et le destinataire peuvent lire les messages",
                    "Le message est compressé pour aller plus vite",
                    "Le serveur lit les messages pour les trier",
                    "Le message est effacé après lecture",
                ],
                0,
            ),
            M(
                "Vous animez une visioconférence avec des participants extérieurs. Quelles mesures limitent les intrusions ?",
                [
                    "Une salle d'attente où l'on admet les participants",
                    "Un mot de passe pour la réunion",
                    "Publier le lien sur un réseau social public",
                    "Donner à tous le droit de partager leur écran",
                ],
                [0, 1],
            ),
            U(
                "Un courriel semble venir de votre banque mais l'adresse de l'expéditeur est « securite@banque-client-verif.net ». Que faites-vous ?",
                [
                    "Je ne clique sur rien et je contacte la banque par ses moyens habituels",
                    "Je clique sur le lien pour vérifier mon compte",
                    "Je réponds en donnant mon identifiant",
                    "Je transfère le message à mes amis",
                ],
                0,
            ),
        ],
    },
}

BANK["2.2"] = {
    "@partager": {
        1: [
            U(
                "Pour permettre à quelqu'un de consulter un document en ligne, que lui envoie-t-on en général ?",
                [
                    "Un lien de partage",
                    "Le mot de passe de son compte",
                    "Une capture de son bureau",
                    "L'adresse de son ordinateur",
                ],
                0,
            ),
            U(
                "Sur un réseau social, qui peut voir une publication réglée en « Public » ?",
                ["N'importe qui", "Seulement vous", "Seulement vos amis proches", "Seulement les administrateurs"],
                0,
            ),
            U(
                "Quel bouton permet de republier le message d'une autre personne sur un réseau social ?",
                ["Partager", "Supprimer", "Bloquer", "Signaler"],
                0,
            ),
        ],
        3: [
            U(
                "Vous partagez un document pour qu'on le lise sans pouvoir le modifier. Quel droit donnez-vous ?",
                ["Lecture seule", "Modification", "Propriétaire", "Administrateur"],
                0,
            ),
            M(
                "Avant de publier la photo d'un groupe d'amis sur un réseau social, que faut-il faire ?",
                [
                    "Demander leur accord",
                    "Vérifier qui pourra voir la publication",
                    "Ajouter leur adresse",
                    "Publier puis prévenir s'ils se plaignent",
                ],
                [0, 1],
            ),
            U(
                "Un lien de partage « toute personne disposant du lien » est transmis par erreur. Que faut-il faire ?",
                [
                    "Désactiver ce lien ou restreindre l'accès",
                    "Rien, personne ne le devinera",
                    "Changer le nom du fichier",
                    "Supprimer son compte",
                ],
                0,
            ),
        ],
        5: [
            U(
                "Une image est sous licence Creative Commons « CC BY ». Que devez-vous faire pour la réutiliser ?",
                [
                    "Citer son auteur",
                    "Payer une redevance",
                    "Ne jamais la modifier",
                    "Demander une autorisation écrite",
                ],
                0,
            ),
            U(
                "Que signifie la mention « NC » dans une licence Creative Commons ?",
                ["Pas d'utilisation commerciale", "Pas de citation de l'auteur", "Pas de copie", "Nouvelle création"],
                0,
            ),
            R(
                "Quel sigle de deux lettres désigne la famille de licences qui permet à un auteur de définir les réutilisations autorisées de son œuvre (ex. « … BY-SA ») ?",
                ["CC"],
            ),
        ],
    },
    "@publier": {
        2: [
            R(
                "Comment appelle-t-on un mot précédé du signe # qui classe une publication par sujet ?",
                ["hashtag", "mot-dièse", "mot dièse", "un hashtag"],
            ),
            U(
                "Sur un réseau social, à quoi sert le symbole @ suivi d'un nom ?",
                ["À mentionner une personne", "À envoyer un courriel", "À ajouter un lieu", "À masquer le message"],
                0,
            ),
            U(
                "Quelle publication est la plus adaptée à un blog de classe ?",
                [
                    "Un compte rendu de sortie sans photo d'élève identifiable sans accord",
                    "Les notes de tous les élèves",
                    "Les adresses des familles",
                    "Une photo de classe sans autorisation",
                ],
                0,
            ),
        ],
        4: [
            U(
                "Vous citez un extrait d'article dans votre exposé publié en ligne. Que faut-il indiquer ?",
                [
                    "La source : auteur, titre, site et date",
                    "Rien si l'extrait est court",
                    "Seulement le nom du site sans lien",
                    "Votre nom à la place",
                ],
                0,
            ),
            M(
                "Quelles informations une page web personnelle publique ne devrait-elle pas contenir ?",
                [
                    "Votre adresse personnelle",
                    "Votre numéro de téléphone",
                    "Vos centres d'intérêt",
                    "Le titre de vos projets",
                ],
                [0, 1],
            ),
            U(
                "Une publication est déjà partagée par des centaines de personnes. Si vous la supprimez, que se passe-t-il ?",
                [
                    "Les copies déjà faites peuvent continuer de circuler",
                    "Elle disparaît de partout",
                    "Elle est supprimée des moteurs de recherche immédiatement",
                    "Ceux qui l'ont partagée sont prévenus et l'effacent",
                ],
                0,
            ),
        ],
        6: [
            U(
                "Sur un site, que permet la balise de métadonnées « robots » avec la valeur « noindex » ?",
                [
                    "Demander aux moteurs de recherche de ne pas indexer la page",
                    "Bloquer les virus",
                    "Interdire les copies d'écran",
                    "Chiffrer la page",
                ],
                0,
            ),
            U(
                "Un élève publie une caricature blessante d'un camarade. De quoi s'agit-il ?",
                [
                    "D'une forme de cyberharcèlement, punie par la loi",
                    "D'une simple blague sans conséquence",
                    "D'un droit absolu d'expression",
                    "D'une publicité",
                ],
                0,
            ),
            M(
                "Quels éléments font partie du droit à l'image ?",
                [
                    "On doit obtenir l'accord d'une personne reconnaissable avant de diffuser sa photo",
                    "Pour un mineur, l'accord des parents est requis",
                    "Toute photo prise dans un lieu public peut être diffusée sans limite",
                    "Flouter un visage n'a aucune utilité",
                ],
                [0, 1],
            ),
        ],
    },
}

BANK["2.3"] = {
    "@collaborer": {
        1: [
            U(
                "Quel outil permet à plusieurs personnes d'écrire dans le même document en même temps ?",
                ["Un éditeur de texte collaboratif en ligne", "Une clé USB", "Une imprimante", "Un lecteur vidéo"],
                0,
            ),
            U(
                "Dans un document partagé, comment laisser une remarque à un camarade sans changer le texte ?",
                ["Ajouter un commentaire", "Effacer son paragraphe", "Changer la police", "Imprimer le document"],
                0,
            ),
            U(
                "Quel outil aide un groupe à choisir une date de réunion ?",
                ["Un sondage de dates en ligne", "Un traitement de texte hors ligne", "Un antivirus", "Un lecteur PDF"],
                0,
            ),
        ],
        3: [
            U(
                "Dans un document collaboratif, quelle fonction permet de voir qui a modifié quoi et de revenir en arrière ?",
                ["L'historique des versions", "Le correcteur orthographique", "Le zoom", "La table des matières"],
                0,
            ),
            U(
                "Avec le « mode suggestion » d'un document partagé, que deviennent vos modifications ?",
                [
                    "Des propositions que l'auteur accepte ou refuse",
                    "Des changements définitifs immédiats",
                    "Des commentaires invisibles",
                    "Une nouvelle copie du document",
                ],
                0,
            ),
            U(
                "Deux personnes modifient en même temps un même fichier copié sur leurs clés USB. Quel risque courent-elles ?",
                [
                    "Obtenir deux versions différentes difficiles à fusionner",
                    "Aucun : les clés se synchronisent",
                    "Effacer la clé de l'autre",
                    "Transmettre un virus à coup sûr",
                ],
                0,
            ),
        ],
        5: [
            M(
                "Quels outils aident une équipe à répartir et suivre ses tâches ?",
                [
                    "Un tableau de type kanban (à faire, en cours, fait)",
                    "Un agenda partagé",
                    "Un économiseur d'écran",
                    "Un fond d'écran commun",
                ],
                [0, 1],
            ),
            U(
                "Dans un espace partagé, un membre doit pouvoir ajouter des fichiers mais pas gérer les droits. Quel rôle lui donner ?",
                ["Contributeur (ou éditeur)", "Propriétaire", "Lecteur", "Aucun rôle"],
                0,
            ),
            U(
                "Pourquoi préférer un lien vers le document partagé plutôt qu'une pièce jointe pour travailler à plusieurs ?",
                [
                    "Tout le monde travaille sur la même version à jour",
                    "Le lien est plus joli",
                    "Une pièce jointe ne peut pas être ouverte",
                    "Le lien empêche toute modification",
                ],
                0,
            ),
        ],
    },
    "@espaceTravail": {
        2: [
            U(
                "Qu'est-ce qu'un ENT dans un établissement scolaire ?",
                [
                    "Un espace numérique de travail",
                    "Un écran numérique tactile",
                    "Un examen national de technologie",
                    "Un enregistreur de notes",
                ],
                0,
            ),
            R(
                "Quel sigle de trois lettres désigne l'espace numérique de travail des établissements scolaires ?",
                ["ENT"],
            ),
            U(
                "Dans un agenda partagé, que voient les autres membres ?",
                [
                    "Les événements que vous partagez avec eux",
                    "Tous vos fichiers personnels",
                    "Vos mots de passe",
                    "Votre historique de navigation",
                ],
                0,
            ),
        ],
        4: [
            U(
                "Un wiki est un site dont les pages…",
                [
                    "peuvent être modifiées par ses contributeurs",
                    "ne peuvent jamais être modifiées",
                    "sont toutes des vidéos",
                    "sont visibles hors connexion uniquement",
                ],
                0,
            ),
            U(
                "Pour une réunion de travail à distance avec partage d'écran, quel outil choisir ?",
                ["Un service de visioconférence", "Un courriel", "Un tableur", "Un flux RSS"],
                0,
            ),
            M(
                "Quelles bonnes pratiques s'appliquent à un dossier partagé par une équipe ?",
                [
                    "Des noms de fichiers clairs et datés",
                    "Une arborescence convenue ensemble",
                    "Garder toutes les versions sous le même nom",
                    "Tout mettre à la racine",
                ],
                [0, 1],
            ),
        ],
        6: [
            U(
                "Dans un document partagé, un paragraphe a été supprimé par erreur il y a deux jours. Que faire ?",
                [
                    "Restaurer une version antérieure depuis l'historique",
                    "Le réécrire de mémoire",
                    "Supprimer le document",
                    "Demander à chacun s'il a une copie papier",
                ],
                0,
            ),
            U(
                "Quelle licence permet à d'autres de modifier et redistribuer un logiciel libre à condition de garder la même licence ?",
                [
                    "Une licence avec clause copyleft, comme la GPL",
                    "Une licence propriétaire",
                    "Un brevet",
                    "Le droit à l'image",
                ],
                0,
            ),
            U(
                "Une équipe veut que seules les personnes de l'établissement accèdent à un document. Quel réglage de partage choisir ?",
                [
                    "Accès limité aux comptes de l'organisation",
                    "Toute personne disposant du lien",
                    "Public sur le web",
                    "Aucun partage et envoi par SMS",
                ],
                0,
            ),
        ],
    },
}

BANK["2.4"] = {
    "@identiteNumerique": {
        1: [
            U(
                "Qu'est-ce que l'identité numérique d'une personne ?",
                [
                    "L'ensemble des traces et informations la concernant en ligne",
                    "Le numéro de série de son ordinateur",
                    "Son adresse postale",
                    "Son mot de passe",
                ],
                0,
            ),
            U(
                "Qu'est-ce qu'un pseudonyme ?",
                [
                    "Un nom d'emprunt utilisé à la place de son vrai nom",
                    "Un mot de passe",
                    "Une adresse IP",
                    "Un logiciel",
                ],
                0,
            ),
            U(
                "Lequel de ces éléments fait partie de votre identité numérique ?",
                [
                    "Vos publications sur les réseaux sociaux",
                    "La couleur de votre clavier",
                    "La marque de votre souris",
                    "Votre fond d'écran",
                ],
                0,
            ),
        ],
        3: [
            U(
                "Quelle est la meilleure façon de savoir ce qu'Internet montre de vous ?",
                [
                    "Taper son nom et prénom dans un moteur de recherche",
                    "Regarder son historique",
                    "Vider ses cookies",
                    "Changer son fond d'écran",
                ],
                0,
            ),
            M(
                "Quelles traces numériques laissez-vous sans forcément le savoir ?",
                [
                    "Votre adresse IP sur les sites visités",
                    "Des cookies déposés par les sites",
                    "Le contenu de vos cahiers papier",
                    "La couleur de votre sac",
                ],
                [0, 1],
            ),
            U(
                "Qu'est-ce que l'e-réputation ?",
                [
                    "L'image d'une personne ou d'une organisation telle qu'elle apparaît en ligne",
                    "La vitesse de sa connexion",
                    "Le nombre de ses fichiers",
                    "Sa note au brevet",
                ],
                0,
            ),
        ],
        5: [
            U(
                "Un ancien article vous concernant apparaît dans les résultats de recherche. Quel droit pouvez-vous exercer auprès du moteur de recherche ?",
                [
                    "Le droit au déréférencement",
                    "Le droit de rectification du journal",
                    "Le droit d'auteur",
                    "Le droit de réponse automatique",
                ],
                0,
            ),
            U(
                "Vous créez un profil professionnel en ligne. Quelle photo choisir ?",
                [
                    "Une photo sobre et récente de vous",
                    "Une photo de soirée",
                    "Une photo d'un ami",
                    "Aucune photo ni nom",
                ],
                0,
            ),
            R(
                "Quel mot composé désigne l'image d'une personne sur Internet, formé de « e- » et d'un mot qui signifie renommée ?",
                ["e-réputation", "e-reputation", "ereputation"],
            ),
        ],
    },
    "@citoyennete": {
        2: [
            U(
                "Pour faire une démarche administrative en ligne avec l'État, quel service d'identification peut-on utiliser ?",
                ["FranceConnect", "Un moteur de recherche", "Un réseau social", "Une messagerie instantanée"],
                0,
            ),
            U(
                "Où trouver les informations officielles sur ses droits et démarches en France ?",
                [
                    "Sur service-public.fr",
                    "Sur un forum anonyme",
                    "Dans une vidéo virale",
                    "Dans les commentaires d'un article",
                ],
                0,
            ),
            U(
                "Quel âge minimum fixe la loi française pour s'inscrire seul sur un réseau social, sans accord des parents ?",
                ["15 ans", "10 ans", "13 ans", "18 ans"],
                0,
            ),
        ],
        4: [
            U(
                "Qu'est-ce que la « fracture numérique » ?",
                [
                    "Les inégalités d'accès et d'usage du numérique",
                    "Une panne d'écran",
                    "Un virus informatique",
                    "Un câble cassé",
                ],
                0,
            ),
            U(
                "Que signifie qu'un service en ligne est « accessible » ?",
                [
                    "Qu'il est utilisable par tous, y compris les personnes handicapées",
                    "Qu'il est gratuit",
                    "Qu'il est rapide",
                    "Qu'il n'a pas de mot de passe",
                ],
                0,
            ),
            M(
                "Quels métiers sont directement liés au numérique ?",
                [
                    "Développeur ou développeuse",
                    "Administrateur ou administratrice réseau",
                    "Boulanger ou boulangère",
                    "Data analyst",
                ],
                [0, 1, 3],
            ),
        ],
        6: [
            U(
                "Qu'est-ce qu'un algorithme de recommandation sur une plateforme vidéo ?",
                [
                    "Un programme qui choisit les contenus proposés selon vos usages",
                    "Un modérateur humain qui regarde chaque vidéo",
                    "Un filtre qui bloque les publicités",
                    "Un outil de montage",
                ],
                0,
            ),
            U(
                "Qu'appelle-t-on une « bulle de filtres » ?",
                [
                    "Le fait de ne voir que des contenus proches de ses opinions, sélectionnés par des algorithmes",
                    "Un filtre photo",
                    "Un pare-feu",
                    "Un réglage de confidentialité",
                ],
                0,
            ),
            M(
                "Quelles pratiques limitent l'effet des algorithmes de recommandation ?",
                [
                    "Consulter volontairement des sources variées",
                    "Effacer son historique ou désactiver la personnalisation",
                    "Ne cliquer que sur les contenus proposés",
                    "Suivre uniquement des comptes qui pensent comme soi",
                ],
                [0, 1],
            ),
        ],
    },
}

BANK["3.1"] = {
    "@miseEnForme": {
        1: [
            U("Dans un traitement de texte, quel bouton met un mot en gras ?", ["G (ou B)", "I", "S (ou U)", "ab"], 0),
            U(
                "Comment sélectionner un mot entier d'un seul geste dans un traitement de texte ?",
                ["Double-cliquer dessus", "Cliquer une fois à côté", "Appuyer sur Entrée", "Appuyer sur Échap"],
                0,
            ),
            U(
                "Quel raccourci clavier annule la dernière action dans la plupart des logiciels ?",
                ["Ctrl + Z", "Ctrl + P", "Ctrl + S", "Ctrl + A"],
                0,
            ),
            R(
                "Quel raccourci clavier copie la sélection ? (Écrivez-le sous la forme Ctrl+lettre.)",
                ["Ctrl+C", "Ctrl C", "Ctrl + C"],
            ),
        ],
        3: [
            U(
                "Pour que tous les titres d'un document aient la même apparence et alimentent une table des matières, que faut-il utiliser ?",
                [
                    "Les styles de titre",
                    "Le gras et une grande taille sur chaque titre",
                    "Des espaces avant chaque titre",
                    "Une image de chaque titre",
                ],
                0,
            ),
            U(
                "Pour commencer un nouveau chapitre en haut d'une nouvelle page, que faut-il insérer ?",
                ["Un saut de page", "Plusieurs retours à la ligne", "Un espace insécable", "Une tabulation"],
                0,
            ),
            U(
                "Quel réglage augmente l'espace entre les lignes d'un paragraphe ?",
                ["L'interligne", "Le retrait", "La police", "L'alignement"],
                0,
            ),
        ],
        5: [
            U(
                "Comment obtenir une table des matières qui se met à jour toute seule ?",
                [
                    "Appliquer des styles de titre puis insérer une table des matières automatique",
                    "La taper à la main à la fin",
                    "Copier les titres dans un tableau",
                    "Numéroter les pages à la main",
                ],
                0,
            ),
            M(
                "Quels éléments se placent en général dans l'en-tête ou le pied de page ?",
                ["Le numéro de page", "Le titre du document", "Le corps du texte", "Les tableaux de résultats"],
                [0, 1],
            ),
            U(
                "Vous voulez une page en orientation paysage au milieu d'un document en portrait. Que faut-il utiliser ?",
                [
                    "Un saut de section (ou un style de page différent)",
                    "Un saut de ligne",
                    "Une tabulation",
                    "Une capture d'écran de la page",
                ],
                0,
            ),
        ],
    },
    "@ecrire": {
        2: [
            U(
                "Quel outil signale les fautes d'orthographe pendant la frappe ?",
                ["Le correcteur orthographique", "Le zoom", "La règle", "Le presse-papiers"],
                0,
            ),
            U(
                "Comment insérer un tableau de 3 colonnes dans un document texte ?",
                [
                    "Par le menu Insertion (ou Tableau) en choisissant 3 colonnes",
                    "En tapant des traits d'union",
                    "En appuyant trois fois sur Entrée",
                    "En copiant une image de tableau",
                ],
                0,
            ),
            U(
                "Quelle touche permet d'aller à la ligne sans créer un nouveau paragraphe dans la plupart des traitements de texte ?",
                ["Maj + Entrée", "Entrée seule", "Échap", "Tab"],
                0,
            ),
        ],
        4: [
            U(
                "Quelle fonction remplace automatiquement toutes les occurrences de « Dupont » par « Durand » ?",
                ["Rechercher et remplacer", "Le correcteur orthographique", "Le compteur de mots", "La mise en page"],
                0,
            ),
            U(
                "Quel format d'export garantit qu'un document s'affiche de la même façon partout, pour être lu et imprimé ?",
                ["PDF", "TXT", "ODT", "HTML"],
                0,
            ),
            U(
                "Pour envoyer une même lettre personnalisée avec le nom de 30 destinataires, quelle fonction utiliser ?",
                ["Le publipostage", "Le copier-coller 30 fois", "Le suivi des modifications", "La table des matières"],
                0,
            ),
        ],
        6: [
            U(
                "Une lettre de publipostage affiche « «Prénom» » au lieu des prénoms. Qu'est-ce qui manque ?",
                [
                    "La fusion avec la source de données (la liste des destinataires)",
                    "Une police plus grande",
                    "Un saut de page",
                    "Un en-tête",
                ],
                0,
            ),
            M(
                "Quels avantages apporte l'utilisation des styles dans un long document ?",
                [
                    "Modifier l'apparence de tous les titres en une fois",
                    "Générer une table des matières automatique",
                    "Rendre le fichier plus lourd",
                    "Empêcher l'impression",
                ],
                [0, 1],
            ),
            U(
                "Quelle fonction enregistre les ajouts et suppressions de chaque relecteur pour que l'auteur les accepte ou les refuse ?",
                ["Le suivi des modifications", "Le publipostage", "La table des matières", "L'aperçu avant impression"],
                0,
            ),
        ],
    },
}

BANK["3.2"] = {
    "@image": {
        1: [
            U("Quel format est une image ?", [".jpg", ".mp3", ".odt", ".csv"], 0),
            U(
                "Quel outil permet de couper les bords d'une photo ?",
                ["L'outil de recadrage", "Le correcteur orthographique", "Le tableur", "Le lecteur audio"],
                0,
            ),
            U("Quel format d'image gère la transparence ?", ["PNG", "JPEG", "BMP", "MP4"], 0),
        ],
        3: [
            U(
                "Une image de 4000 × 3000 pixels est réduite à 2000 × 1500 pixels. Combien de pixels contient-elle maintenant par rapport à avant ?",
                ["4 fois moins", "2 fois moins", "Autant", "8 fois moins"],
                0,
                has_image=True,
            ),
            R(
                "Combien de pixels contient une image de 800 × 600 pixels ? Répondez par un nombre.",
                ["480000", "480 000"],
            ),
            U(
                "Vous agrandissez fortement une petite photo JPEG. Que se passe-t-il ?",
                [
                    "Elle devient floue ou pixelisée",
                    "Elle devient plus nette",
                    "Elle change de format",
                    "Elle passe en noir et blanc",
                ],
                0,
            ),
        ],
        5: [
            U(
                "Quel type d'image peut être agrandi sans perte de qualité ?",
                ["Une image vectorielle (SVG)", "Une photo JPEG", "Une image PNG", "Une capture d'écran"],
                0,
            ),
            M(
                "Que permet un logiciel de retouche qui gère les calques ?",
                [
                    "Modifier un élément sans toucher aux autres",
                    "Superposer texte et images et les déplacer séparément",
                    "Compresser une vidéo",
                    "Envoyer des courriels",
                ],
                [0, 1],
            ),
            U("En codage couleur RVB, quelle couleur donne (255, 0, 0) ?", ["Rouge", "Vert", "Bleu", "Noir"], 0),
            U("En codage couleur RVB, quelle couleur donne (0, 0, 0) ?", ["Noir", "Blanc", "Gris", "Rouge"], 0),
        ],
    },
    "@sonVideo": {
        2: [
            U("Quel format est une vidéo ?", [".mp4", ".mp3", ".png", ".ods"], 0),
            U(
                "Quel logiciel permet d'enregistrer et couper un fichier son ?",
                ["Un éditeur audio comme Audacity", "Un tableur", "Un navigateur", "Un gestionnaire de mots de passe"],
                0,
            ),
            U("Quel format est un fichier son compressé ?", [".mp3", ".avi", ".gif", ".docx"], 0),
        ],
        4: [
            U(
                "Dans un logiciel de montage, comment appelle-t-on la zone où l'on place les séquences dans l'ordre ?",
                ["La ligne de temps (timeline)", "Le presse-papiers", "La barre d'adresse", "Le pied de page"],
                0,
            ),
            U(
                "Une vidéo dure 2 minutes à 25 images par seconde. Combien d'images contient-elle ?",
                ["3 000", "50", "1 500", "300"],
                0,
            ),
            R(
                "Une vidéo dure 10 secondes à 30 images par seconde. Combien d'images contient-elle ? Répondez par un nombre.",
                ["300"],
            ),
        ],
        6: [
            U(
                "Pourquoi exporter une vidéo avec une définition plus faible pour la publier en ligne ?",
                [
                    "Réduire le poids du fichier et le temps de chargement",
                    "Améliorer la netteté",
                    "Ajouter des sous-titres",
                    "Changer la langue",
                ],
                0,
            ),
            M(
                "Quels éléments rendent une vidéo accessible aux personnes sourdes ou malentendantes ?",
                ["Des sous-titres", "Une transcription du texte", "Une musique plus forte", "Une image plus lumineuse"],
                [0, 1],
            ),
            U(
                "Vous utilisez une musique dans une vidéo publiée en ligne. Que faut-il vérifier ?",
                [
                    "Que sa licence autorise cet usage",
                    "Qu'elle dure moins d'une minute",
                    "Qu'elle est au format MP3",
                    "Qu'elle est populaire",
                ],
                0,
                has_embed=True,
            ),
        ],
    },
}

BANK["3.3"] = {
    "@adapter": {
        1: [
            U(
                "Avant d'imprimer, quelle fonction montre à quoi ressemblera la page ?",
                ["L'aperçu avant impression", "Le correcteur", "Le zoom arrière", "L'historique"],
                0,
            ),
            U(
                "Quel format de papier est le plus courant pour imprimer un document en France ?",
                ["A4", "A0", "Lettre US", "A6"],
                0,
            ),
            U(
                "Quelle orientation de page convient à un tableau très large ?",
                ["Paysage", "Portrait", "Aucune", "Verticale"],
                0,
            ),
        ],
        3: [
            U(
                "Pour qu'un document s'affiche de la même façon sur tous les ordinateurs et ne soit pas modifié facilement, en quel format l'envoyer ?",
                ["PDF", "ODT", "DOCX", "TXT"],
                0,
            ),
            U(
                "Vous présentez un exposé projeté en classe. Quel choix améliore la lisibilité ?",
                [
                    "Un texte court en grands caractères bien contrastés",
                    "Des paragraphes entiers en petit",
                    "Du texte jaune sur fond blanc",
                    "Beaucoup d'animations",
                ],
                0,
            ),
            U(
                "Quel format d'image choisir pour un logo avec des aplats de couleur et un fond transparent ?",
                ["PNG", "JPEG", "MP3", "CSV"],
                0,
            ),
        ],
        5: [
            U(
                "Pour qu'un lecteur d'écran décrive une image d'une page web, que faut-il renseigner ?",
                ["Un texte alternatif", "Un titre en gras", "Une légende en image", "Une couleur de fond"],
                0,
                has_image=True,
            ),
            M(
                "Quelles pratiques rendent un document plus accessible ?",
                [
                    "Utiliser des styles de titres structurés",
                    "Assurer un bon contraste entre texte et fond",
                    "Transmettre l'information seulement par la couleur",
                    "Remplacer le texte par des images de texte",
                ],
                [0, 1],
            ),
            R("Quel attribut HTML, de trois lettres, donne le texte alternatif d'une image ?", ["alt"]),
        ],
    },
    "@formats": {
        2: [
            U(
                "Quel format convient pour envoyer un CV qu'on ne veut pas voir modifié ?",
                ["PDF", "ODS", "MP4", "ZIP"],
                0,
            ),
            U(
                "Vous enregistrez un document avec « Enregistrer sous » en changeant le format. Que se passe-t-il ?",
                [
                    "Une copie est créée dans le nouveau format",
                    "Le fichier d'origine est supprimé",
                    "Le document est imprimé",
                    "Rien",
                ],
                0,
            ),
            U(
                "Quel format d'échange de données tabulaires peut être ouvert par presque tous les tableurs ?",
                ["CSV", "MP3", "PNG", "EXE"],
                0,
            ),
        ],
        4: [
            U(
                "Un fichier .docx ne s'ouvre pas correctement chez un correspondant. Quelle solution favorise l'interopérabilité ?",
                [
                    "L'enregistrer dans un format ouvert comme ODT ou en PDF",
                    "Le renommer en .txt",
                    "Le compresser deux fois",
                    "L'imprimer et le scanner",
                ],
                0,
            ),
            U(
                "Pourquoi réduire la taille des images avant de les insérer dans une présentation envoyée par courriel ?",
                [
                    "Pour alléger le fichier",
                    "Pour améliorer leur qualité",
                    "Pour les rendre vectorielles",
                    "Pour les protéger",
                ],
                0,
            ),
            M(
                "Quels formats sont adaptés à la publication d'une image sur le web ?",
                ["JPEG", "PNG", "WEBP", "ODT"],
                [0, 1, 2],
            ),
        ],
        6: [
            U(
                "Quel format de PDF est conçu pour l'archivage à long terme ?",
                ["PDF/A", "PDF/X", "PDF chiffré", "PDF compressé"],
                0,
            ),
            U(
                "Un texte importé affiche « Ã© » à la place de « é ». D'où vient le problème ?",
                [
                    "D'un problème d'encodage des caractères (UTF-8 lu comme un autre encodage)",
                    "D'une police trop petite",
                    "D'un virus",
                    "D'une imprimante mal réglée",
                ],
                0,
            ),
            R(
                "Quel encodage de caractères, capable d'écrire toutes les langues, est recommandé sur le web ? (Son nom commence par « UTF ».)",
                ["UTF-8", "UTF8", "UTF 8"],
            ),
        ],
    },
}

BANK["3.4"] = {
    "@algorithme": {
        1: [
            U(
                "Qu'est-ce qu'un algorithme ?",
                [
                    "Une suite d'instructions pour résoudre un problème",
                    "Un composant de l'ordinateur",
                    "Un type de fichier",
                    "Un virus",
                ],
                0,
            ),
            U(
                "Un robot suit : « avancer, avancer, tourner à droite, avancer ». Combien de fois avance-t-il ?",
                ["3", "2", "4", "1"],
                0,
            ),
            R(
                "Un robot répète 4 fois : « avancer de 2 cases ». De combien de cases a-t-il avancé au total ? Répondez par un nombre.",
                ["8", "huit"],
            ),
        ],
        3: [
            R("Que vaut x à la fin ?\nx = 3\nx = x + 4\nx = x * 2", ["14"]),
            R("Que vaut a à la fin ?\na = 10\nb = 3\na = a - b\na = a + 1", ["8"]),
            R("Que vaut s à la fin ?\ns = 0\nrépéter 5 fois :\n    s = s + 2", ["10"]),
        ],
        5: [
            R(
                "Qu'affiche ce programme Python ?\ntotal = 0\nfor i in range(1, 5):\n    total = total + i\nprint(total)",
                ["10"],
            ),
            R(
                'Qu\'affiche ce programme Python ?\nn = 7\nif n % 2 == 0:\n    print("pair")\nelse:\n    print("impair")',
                ["impair"],
            ),
            R('Qu\'affiche ce programme Python ?\nmots = ["chat", "chien", "lapin"]\nprint(len(mots))', ["3"]),
            U(
                "Combien de fois la boucle « for i in range(3, 10): » s'exécute-t-elle en Python ?",
                ["7", "10", "3", "6"],
                0,
            ),
        ],
    },
    "@programme": {
        2: [
            U(
                "Dans un programme, qu'est-ce qu'une variable ?",
                [
                    "Un nom qui désigne une valeur que le programme peut modifier",
                    "Une erreur de programmation",
                    "Un fichier image",
                    "Un écran",
                ],
                0,
            ),
            U(
                "Quelle instruction permet de répéter des actions ?",
                ["Une boucle", "Une variable", "Un commentaire", "Une image"],
                0,
            ),
            U(
                "Quelle instruction permet de faire une action seulement si une condition est vraie ?",
                ["« si … alors »", "« répéter »", "« afficher »", "« attendre »"],
                0,
            ),
        ],
        4: [
            R(
                'Qu\'affiche ce programme Python ?\nage = 16\nif age >= 18:\n    print("majeur")\nelse:\n    print("mineur")',
                ["mineur"],
            ),
            R("Qu'affiche ce programme Python ?\nx = 5\nwhile x > 1:\n    x = x - 2\nprint(x)", ["1"]),
            R("Qu'affiche ce programme Python ?\nprint(17 // 5)", ["3"]),
            R("Qu'affiche ce programme Python ?\nprint(17 % 5)", ["2"]),
        ],
        6: [
            R("Qu'affiche ce programme Python ?\ndef double(n):\n    return n * 2\nprint(double(double(3)))", ["12"]),
            R(
                "Qu'affiche ce programme Python ?\nnotes = [12, 8, 15]\nnotes.append(10)\nprint(max(notes) - min(notes))",
                ["7"],
            ),
            U(
                "Ce programme Python doit afficher 1, 2, 3 mais n'affiche que 1 et 2 :\nfor i in range(1, 3):\n    print(i)\nQuelle correction faut-il ?",
                ["range(1, 4)", "range(0, 3)", "range(1, 2)", "range(3)"],
                0,
            ),
        ],
    },
}

BANK["4.1"] = {
    "@motDePasse": {
        1: [
            U(
                "Lequel de ces mots de passe est le plus solide ?",
                ["Chat!Bleu7-Lune$Verte", "123456", "motdepasse", "lea2008"],
                0,
            ),
            U(
                "À qui pouvez-vous donner votre mot de passe de l'ENT ?",
                [
                    "À personne",
                    "À votre meilleur ami",
                    "À un camarade qui vous le demande",
                    "À quelqu'un qui écrit au nom du support par courriel",
                ],
                0,
            ),
            U(
                "Que faut-il faire en quittant un ordinateur partagé du CDI ?",
                [
                    "Se déconnecter de ses comptes",
                    "Laisser la session ouverte",
                    "Noter son mot de passe sur un post-it",
                    "Éteindre seulement l'écran",
                ],
                0,
            ),
        ],
        3: [
            U(
                "Pourquoi ne pas utiliser le même mot de passe pour tous ses comptes ?",
                [
                    "Si un site se fait voler ses données, tous vos comptes sont menacés",
                    "Parce que c'est interdit par la loi",
                    "Parce que les sites refusent les mots de passe déjà utilisés ailleurs",
                    "Pour que l'ordinateur aille plus vite",
                ],
                0,
            ),
            U(
                "Quel outil aide à utiliser un mot de passe différent et solide pour chaque site ?",
                [
                    "Un gestionnaire de mots de passe",
                    "Un tableur partagé",
                    "Un carnet laissé sur le bureau",
                    "Le même mot de passe avec un chiffre en plus",
                ],
                0,
            ),
            M(
                "Quelles caractéristiques rendent un mot de passe plus solide ?",
                [
                    "Il est long",
                    "Il mélange des types de caractères",
                    "Il contient sa date de naissance",
                    "Il est le prénom de son animal",
                ],
                [0, 1],
            ),
        ],
        5: [
            U(
                "Qu'est-ce que l'authentification à deux facteurs ?",
                [
                    "Prouver son identité par deux moyens différents, par exemple un mot de passe et un code reçu sur son téléphone",
                    "Avoir deux mots de passe sur deux sites",
                    "Se connecter deux fois de suite",
                    "Utiliser deux navigateurs",
                ],
                0,
            ),
            U(
                "Vous recevez un code de connexion par SMS alors que vous n'essayez pas de vous connecter. Que faut-il en déduire ?",
                [
                    "Quelqu'un connaît probablement votre mot de passe : il faut le changer",
                    "C'est une publicité",
                    "Le téléphone est en panne",
                    "Rien, c'est normal",
                ],
                0,
            ),
            R(
                "Quelle abréviation de 3 caractères désigne couramment la double authentification (en anglais « two-factor authentication ») ?",
                ["2FA"],
            ),
        ],
    },
    "@menaces": {
        2: [
            U(
                "Qu'est-ce qu'un antivirus ?",
                [
                    "Un logiciel qui détecte et bloque les programmes malveillants",
                    "Un filtre à poussière",
                    "Un logiciel de dessin",
                    "Un navigateur web",
                ],
                0,
            ),
            U(
                "Une fenêtre surgissante annonce « Votre ordinateur est infecté, appelez ce numéro ». Que faire ?",
                [
                    "La fermer sans appeler : c'est une arnaque",
                    "Appeler le numéro",
                    "Donner son numéro de carte",
                    "Installer le logiciel proposé",
                ],
                0,
            ),
            U(
                "Pourquoi installer les mises à jour du système et des logiciels ?",
                [
                    "Elles corrigent des failles de sécurité",
                    "Elles changent seulement les couleurs",
                    "Elles ralentissent les virus",
                    "Elles sont obligatoires pour allumer l'ordinateur",
                ],
                0,
            ),
        ],
        4: [
            U(
                "Qu'est-ce que l'hameçonnage (phishing) ?",
                [
                    "Un message trompeur qui cherche à vous faire donner vos identifiants ou vos données",
                    "Une panne de réseau",
                    "Une technique de sauvegarde",
                    "Un jeu en ligne",
                ],
                0,
            ),
            M(
                "Quels indices signalent un courriel d'hameçonnage ?",
                [
                    "Une adresse d'expéditeur qui ne correspond pas à l'organisme",
                    "Une demande urgente de saisir son mot de passe",
                    "Un message attendu d'un collègue connu",
                    "Un lien vers l'adresse exacte et habituelle du site",
                ],
                [0, 1],
            ),
            U(
                "Qu'est-ce qu'un rançongiciel ?",
                [
                    "Un logiciel qui chiffre vos fichiers et réclame de l'argent pour les rendre",
                    "Un logiciel gratuit",
                    "Un antivirus payant",
                    "Un outil de sauvegarde",
                ],
                0,
            ),
        ],
        6: [
            U(
                "Sur une page de connexion, que garantit le protocole HTTPS ?",
                [
                    "Les échanges entre le navigateur et le site sont chiffrés",
                    "Le site est forcément honnête",
                    "Le site n'a aucun virus",
                    "Le mot de passe est solide",
                ],
                0,
            ),
            U(
                "Une clé USB trouvée sur le parking de l'établissement doit-elle être branchée sur un ordinateur de l'établissement ?",
                [
                    "Non, elle peut contenir un programme malveillant : il faut la remettre au responsable informatique",
                    "Oui, pour retrouver son propriétaire",
                    "Oui, si l'antivirus est à jour",
                    "Oui, mais seulement en mode avion",
                ],
                0,
            ),
            U(
                "Qu'est-ce qu'un pare-feu ?",
                [
                    "Un filtre qui contrôle les connexions réseau entrant et sortant d'un appareil",
                    "Un logiciel de retouche",
                    "Une sauvegarde automatique",
                    "Un câble réseau",
                ],
                0,
            ),
        ],
    },
}

BANK["4.2"] = {
    "@donneesPerso": {
        1: [
            U(
                "Laquelle de ces informations est une donnée personnelle ?",
                [
                    "Votre numéro de téléphone",
                    "La capitale de la France",
                    "La date de la fête nationale",
                    "Le prix d'un livre",
                ],
                0,
            ),
            M(
                "Quelles informations sont des données personnelles ?",
                ["Votre nom", "Votre adresse électronique", "La météo de demain", "Votre photo"],
                [0, 1, 3],
            ),
            U(
                "Un jeu en ligne demande votre adresse postale pour jouer. Que faire ?",
                [
                    "Ne pas la donner si elle n'est pas nécessaire",
                    "La donner pour gagner plus de points",
                    "Donner celle d'un ami",
                    "La publier sur son profil",
                ],
                0,
            ),
        ],
        3: [
            U(
                "Qu'est-ce qu'un cookie sur un site web ?",
                [
                    "Un petit fichier déposé par le site pour mémoriser des informations sur votre navigation",
                    "Un virus",
                    "Un biscuit offert par le site",
                    "Un mot de passe",
                ],
                0,
            ),
            U(
                "Une bannière demande votre accord pour les cookies publicitaires. Que pouvez-vous faire ?",
                [
                    "Les refuser, aussi facilement que les accepter",
                    "Les accepter obligatoirement",
                    "Quitter Internet",
                    "Rien : on ne peut pas choisir",
                ],
                0,
            ),
            U(
                "Quel réglage du navigateur évite de garder l'historique et les cookies d'une session ?",
                ["La navigation privée", "Le mode plein écran", "Le zoom", "Les favoris"],
                0,
            ),
        ],
        5: [
            R("Quel est le sigle du règlement européen sur la protection des données personnelles ?", ["RGPD"]),
            R(
                "Quel est le sigle de l'autorité française chargée de la protection des données personnelles ?",
                ["CNIL"],
            ),
            M(
                "Quels droits le RGPD donne-t-il à une personne sur ses données ?",
                [
                    "Le droit d'accès",
                    "Le droit de rectification",
                    "Le droit d'effacement",
                    "Le droit de lire les données des autres",
                ],
                [0, 1, 2],
            ),
        ],
    },
    "@vieprivee": {
        2: [
            U(
                "Qui peut voir un compte de réseau social réglé en « privé » ?",
                [
                    "Les personnes que vous avez acceptées",
                    "Tout le monde",
                    "Seulement vous",
                    "Seulement les publicitaires",
                ],
                0,
            ),
            U(
                "Une application de lampe de poche demande l'accès à vos contacts. Que faire ?",
                [
                    "Refuser : elle n'en a pas besoin",
                    "Accepter sans lire",
                    "Envoyer ses contacts par SMS",
                    "Désinstaller le téléphone",
                ],
                0,
            ),
            U(
                "Vous publiez une photo de vacances en direct avec votre position. Quel risque ?",
                [
                    "Révéler que votre domicile est vide et où vous êtes",
                    "Aucun risque",
                    "Perdre la photo",
                    "Abîmer le téléphone",
                ],
                0,
            ),
        ],
        4: [
            U(
                "Que peuvent révéler les métadonnées d'une photo prise avec un téléphone ?",
                [
                    "Le lieu et la date de la prise de vue",
                    "Seulement la couleur dominante",
                    "Le mot de passe du téléphone",
                    "Rien du tout",
                ],
                0,
                has_image=True,
            ),
            U(
                "Sur un ordinateur partagé, que faut-il éviter de cocher ?",
                [
                    "« Se souvenir de moi » ou l'enregistrement du mot de passe",
                    "La langue française",
                    "Le mode clair",
                    "Le zoom à 100 %",
                ],
                0,
            ),
            M(
                "Quelles actions protègent votre vie privée sur un réseau social ?",
                [
                    "Vérifier les paramètres de confidentialité",
                    "Limiter les informations de son profil",
                    "Accepter toutes les demandes d'amis",
                    "Rendre public son numéro de téléphone",
                ],
                [0, 1],
            ),
        ],
        6: [
            U(
                "Un site vous propose de vous connecter « avec votre compte de réseau social ». Quelle conséquence ?",
                [
                    "Le site et le réseau social peuvent échanger des informations sur vous",
                    "Aucune, c'est anonyme",
                    "Votre compte est supprimé",
                    "Votre mot de passe est publié",
                ],
                0,
            ),
            U(
                "Selon le RGPD, combien de temps une organisation peut-elle garder vos données personnelles ?",
                [
                    "Pendant une durée limitée et justifiée par l'objectif du traitement",
                    "Pour toujours",
                    "Exactement un an dans tous les cas",
                    "Jusqu'à ce que vous changiez d'adresse",
                ],
                0,
            ),
            U(
                "Qu'est-ce que le pistage publicitaire entre sites ?",
                [
                    "Le suivi de votre navigation sur plusieurs sites pour vous cibler",
                    "Une publicité à la télévision",
                    "Un anti-virus",
                    "Une sauvegarde de vos favoris",
                ],
                0,
            ),
        ],
    },
}

BANK["4.3"] = {
    "@sante": {
        1: [
            U(
                "Pour bien dormir, que vaut-il mieux éviter le soir ?",
                [
                    "Les écrans juste avant de se coucher",
                    "La lecture d'un livre papier",
                    "Un verre d'eau",
                    "Une douche",
                ],
                0,
            ),
            U(
                "Face à un écran, quelle posture est recommandée ?",
                [
                    "Le haut de l'écran à hauteur des yeux, le dos droit",
                    "L'écran tout près du visage",
                    "Le cou penché vers le bas longtemps",
                    "L'écran face à une fenêtre très lumineuse",
                ],
                0,
            ),
            U(
                "Qu'est-ce que la règle « 20-20-20 » pour les yeux ?",
                [
                    "Toutes les 20 minutes, regarder à 20 pieds (6 m) pendant 20 secondes",
                    "20 heures d'écran par semaine au maximum",
                    "Régler la luminosité à 20 %",
                    "Se tenir à 20 cm de l'écran",
                ],
                0,
            ),
        ],
        3: [
            U(
                "Un camarade reçoit régulièrement des messages moqueurs de plusieurs élèves. De quoi s'agit-il ?",
                ["De cyberharcèlement", "D'une simple taquinerie", "D'une publicité", "D'un bug"],
                0,
            ),
            R("Quel est le numéro national gratuit contre le harcèlement, à quatre chiffres ?", ["3018"]),
            U(
                "Qui peut-on contacter en premier si l'on est victime de cyberharcèlement ?",
                [
                    "Un adulte de confiance, et le 3018",
                    "Personne",
                    "Le harceleur pour négocier",
                    "Tous ses contacts en ligne",
                ],
                0,
            ),
        ],
        5: [
            U(
                "Qu'est-ce que le droit à la déconnexion ?",
                [
                    "Le droit d'un salarié de ne pas répondre aux messages professionnels en dehors de son temps de travail",
                    "Le droit de couper Internet aux voisins",
                    "Le droit de supprimer un compte",
                    "Le droit de ne pas avoir d'ordinateur",
                ],
                0,
            ),
            M(
                "Quels réglages aident à limiter le temps passé sur son téléphone ?",
                [
                    "Désactiver les notifications non essentielles",
                    "Fixer des limites de temps par application",
                    "Activer toutes les notifications",
                    "Garder le téléphone sur l'oreiller",
                ],
                [0, 1],
            ),
            U(
                "Comment appelle-t-on les techniques d'applications conçues pour capter le plus d'attention possible (défilement infini, notifications) ?",
                ["L'économie de l'attention", "La sobriété numérique", "Le chiffrement", "L'interopérabilité"],
                0,
            ),
        ],
    },
    "@environnement": {
        2: [
            U(
                "Que faire d'un vieux téléphone qui ne fonctionne plus ?",
                [
                    "Le déposer dans un point de collecte pour le recyclage",
                    "Le jeter à la poubelle ordinaire",
                    "Le brûler",
                    "Le jeter dans la nature",
                ],
                0,
            ),
            U(
                "Quel geste réduit la consommation d'énergie d'un ordinateur ?",
                [
                    "L'éteindre ou le mettre en veille quand on ne l'utilise pas",
                    "Laisser l'écran au maximum de luminosité",
                    "Laisser tous les onglets ouverts la nuit",
                    "Le laisser toujours allumé",
                ],
                0,
            ),
            U(
                "Quelle étape de la vie d'un smartphone a le plus d'impact sur l'environnement ?",
                ["Sa fabrication", "Sa recharge", "Son transport jusqu'au magasin", "Ses mises à jour"],
                0,
            ),
        ],
        4: [
            U(
                "Quel usage consomme en général le plus de données, donc d'énergie sur le réseau ?",
                [
                    "Regarder une vidéo en haute définition en streaming",
                    "Envoyer un SMS",
                    "Lire un texte hors ligne",
                    "Écouter un fichier MP3 déjà téléchargé",
                ],
                0,
            ),
            M(
                "Quels gestes relèvent de la sobriété numérique ?",
                [
                    "Garder son téléphone plus longtemps",
                    "Faire réparer un appareil plutôt que le remplacer",
                    "Changer de téléphone chaque année",
                    "Laisser la vidéo en lecture automatique",
                ],
                [0, 1],
            ),
            U(
                "Qu'est-ce qu'un appareil reconditionné ?",
                [
                    "Un appareil d'occasion vérifié et remis en état pour être revendu",
                    "Un appareil neuf",
                    "Un appareil volé",
                    "Un appareil jetable",
                ],
                0,
            ),
        ],
        6: [
            U(
                "Qu'est-ce que l'obsolescence programmée ?",
                [
                    "Le fait de réduire volontairement la durée de vie d'un produit",
                    "Une mise à jour de sécurité",
                    "Un type de recyclage",
                    "Une garantie longue",
                ],
                0,
            ),
            U(
                "Quel indice, affiché en France sur les smartphones et ordinateurs, informe sur la facilité de réparer l'appareil ?",
                ["L'indice de réparabilité", "Le DAS", "L'indice de confiance", "Le nutri-score"],
                0,
            ),
            R(
                "Quel sigle de trois lettres désigne le « débit d'absorption spécifique », qui mesure les ondes absorbées par le corps avec un téléphone ?",
                ["DAS"],
            ),
        ],
    },
}

BANK["5.1"] = {
    "@depannage": {
        1: [
            U(
                "L'écran reste noir mais l'ordinateur fait du bruit. Que vérifier en premier ?",
                [
                    "Que l'écran est allumé et bien branché",
                    "Que le clavier est en français",
                    "Que la souris a des piles",
                    "Que l'imprimante a du papier",
                ],
                0,
            ),
            U(
                "Le son ne sort pas des haut-parleurs. Que vérifier en premier ?",
                [
                    "Que le son n'est pas coupé et que le volume est monté",
                    "Que l'écran est propre",
                    "Que le Wi-Fi est désactivé",
                    "Que le clavier est branché",
                ],
                0,
            ),
            U(
                "Un logiciel ne répond plus. Quelle première action tenter ?",
                [
                    "Fermer le logiciel puis le relancer",
                    "Débrancher l'ordinateur du secteur",
                    "Réinstaller tout le système",
                    "Acheter un autre ordinateur",
                ],
                0,
            ),
        ],
        3: [
            U(
                "Sous Windows, quel outil permet de fermer un programme bloqué ?",
                [
                    "Le gestionnaire des tâches (Ctrl + Maj + Échap)",
                    "Le panneau de configuration",
                    "Le bloc-notes",
                    "La corbeille",
                ],
                0,
            ),
            U(
                "L'imprimante affiche « bourrage papier ». Que faire ?",
                [
                    "Retirer délicatement la feuille coincée en suivant la notice",
                    "Relancer l'impression dix fois",
                    "Changer de cartouche",
                    "Réinstaller le traitement de texte",
                ],
                0,
            ),
            U(
                "Vous ne trouvez plus un fichier que vous venez d'enregistrer. Que faire ?",
                [
                    "Utiliser la recherche de fichiers ou la liste des documents récents",
                    "Recommencer tout le travail",
                    "Redémarrer l'ordinateur",
                    "Vider la corbeille",
                ],
                0,
            ),
        ],
        5: [
            U(
                "Un ordinateur devient très lent. Quel outil permet de voir quel programme utilise le plus le processeur ou la mémoire ?",
                [
                    "Le gestionnaire des tâches (ou moniteur d'activité)",
                    "Le correcteur orthographique",
                    "Le lecteur PDF",
                    "L'explorateur de fichiers",
                ],
                0,
                has_attachment=True,
            ),
            M(
                "Le disque de l'ordinateur est presque plein. Quelles actions libèrent de la place ?",
                [
                    "Supprimer les fichiers inutiles et vider la corbeille",
                    "Désinstaller les logiciels inutilisés",
                    "Augmenter la luminosité",
                    "Changer de fond d'écran",
                ],
                [0, 1],
            ),
            U(
                "Après une mise à jour, un périphérique ne fonctionne plus. Que faire ?",
                [
                    "Vérifier ou réinstaller son pilote",
                    "Changer de souris",
                    "Désactiver l'antivirus définitivement",
                    "Effacer tout le disque",
                ],
                0,
            ),
        ],
    },
    "@reseau": {
        2: [
            U(
                "Aucun site ne s'affiche. Que vérifier en premier ?",
                [
                    "Que l'appareil est connecté au réseau (Wi-Fi ou câble)",
                    "Que l'écran est propre",
                    "Que l'imprimante est allumée",
                    "Que le son est activé",
                ],
                0,
            ),
            U(
                "Que signifie le mode avion sur un ordinateur portable ou un téléphone ?",
                [
                    "Les connexions sans fil sont coupées",
                    "L'appareil est éteint",
                    "L'écran est en veille",
                    "Le son est coupé",
                ],
                0,
            ),
            U(
                "Quel appareil relie en général une maison à Internet ?",
                ["Une box (routeur)", "Une imprimante", "Un écran", "Une clé USB"],
                0,
            ),
        ],
        4: [
            U(
                "Un seul site ne s'affiche pas alors que les autres fonctionnent. Quelle est la cause la plus probable ?",
                [
                    "Le site lui-même est indisponible",
                    "La carte réseau est en panne",
                    "Le câble électrique est débranché",
                    "Le clavier est bloqué",
                ],
                0,
            ),
            R(
                "Combien de nombres contient une adresse IPv4, comme 192.168.1.10 ? Répondez par un nombre.",
                ["4", "quatre"],
            ),
            U(
                "Quel type d'adresse est 192.168.1.10 ?",
                ["Une adresse IP", "Une adresse électronique", "Une adresse web (URL)", "Une adresse postale"],
                0,
            ),
        ],
        6: [
            U(
                "Quel service traduit un nom de domaine comme « education.gouv.fr » en adresse IP ?",
                ["Le DNS", "Le FTP", "Le HTTP", "Le PDF"],
                0,
            ),
            R(
                "Quel sigle de trois lettres désigne le service qui traduit les noms de domaine en adresses IP ?",
                ["DNS"],
            ),
            U(
                "Une page indique « Erreur 404 ». Qu'est-ce que cela signifie ?",
                [
                    "La page demandée n'existe pas à cette adresse",
                    "Le serveur est en feu",
                    "Votre mot de passe est faux",
                    "La connexion est trop rapide",
                ],
                0,
            ),
        ],
    },
}

BANK["5.2"] = {
    "@materiel": {
        1: [
            U(
                "Lequel de ces appareils est un périphérique d'entrée ?",
                ["Le clavier", "L'écran", "L'imprimante", "Les haut-parleurs"],
                0,
            ),
            U(
                "Lequel de ces appareils est un périphérique de sortie ?",
                ["L'imprimante", "Le clavier", "La souris", "Le micro"],
                0,
            ),
            U(
                "Quel composant exécute les instructions des programmes ?",
                ["Le processeur", "L'écran", "Le clavier", "Le câble réseau"],
                0,
            ),
        ],
        3: [
            U(
                "Qu'est-ce que la mémoire vive (RAM) ?",
                [
                    "Une mémoire rapide qui s'efface quand on éteint l'ordinateur",
                    "Le disque où l'on range ses fichiers durablement",
                    "Un logiciel",
                    "Une clé USB",
                ],
                0,
            ),
            R("Quel sigle de trois lettres désigne la mémoire vive d'un ordinateur ?", ["RAM"]),
            U(
                "Quel élément garde les fichiers quand l'ordinateur est éteint ?",
                ["Le disque dur ou SSD", "La mémoire vive", "Le processeur", "La carte graphique"],
                0,
            ),
        ],
        5: [
            U(
                "Qu'est-ce qu'un système d'exploitation ?",
                [
                    "Le logiciel qui gère le matériel et permet de lancer les autres programmes",
                    "Un tableur",
                    "Un antivirus",
                    "Un navigateur web",
                ],
                0,
            ),
            M("Lesquels sont des systèmes d'exploitation ?", ["Windows", "Linux", "Android", "Firefox"], [0, 1, 2]),
            U(
                "Qu'est-ce qu'un logiciel libre ?",
                [
                    "Un logiciel qu'on peut utiliser, étudier, modifier et redistribuer",
                    "Un logiciel forcément gratuit mais fermé",
                    "Un logiciel sans licence",
                    "Un logiciel piraté",
                ],
                0,
            ),
        ],
    },
    "@configurer": {
        2: [
            U(
                "Où change-t-on le fond d'écran ou la langue de l'ordinateur ?",
                [
                    "Dans les paramètres du système",
                    "Dans le traitement de texte",
                    "Dans la corbeille",
                    "Dans le navigateur",
                ],
                0,
            ),
            U(
                "Comment ajouter un raccourci vers un site souvent visité dans le navigateur ?",
                [
                    "En l'ajoutant aux favoris (marque-pages)",
                    "En vidant l'historique",
                    "En changeant de moteur de recherche",
                    "En fermant le navigateur",
                ],
                0,
            ),
            U(
                "Que fait une extension installée dans un navigateur ?",
                [
                    "Elle ajoute une fonction au navigateur",
                    "Elle agrandit l'écran",
                    "Elle augmente la mémoire",
                    "Elle accélère Internet",
                ],
                0,
            ),
        ],
        4: [
            U(
                "Où installer une application sur un smartphone pour limiter les risques ?",
                [
                    "Depuis le magasin d'applications officiel",
                    "Depuis un lien reçu par SMS",
                    "Depuis un site inconnu",
                    "Depuis une pièce jointe",
                ],
                0,
            ),
            U(
                "Vous voulez ouvrir tous les fichiers PDF avec un autre logiciel. Que faut-il modifier ?",
                [
                    "L'application par défaut pour ce type de fichier",
                    "Le nom de chaque fichier",
                    "L'extension en .txt",
                    "Le fond d'écran",
                ],
                0,
            ),
            M(
                "Quels réglages d'accessibilité propose en général un système d'exploitation ?",
                ["Agrandir le texte", "Un lecteur d'écran", "Augmenter la capacité du disque", "Changer le processeur"],
                [0, 1],
            ),
        ],
        6: [
            U(
                "Quelle est la différence entre un compte utilisateur standard et un compte administrateur ?",
                [
                    "L'administrateur peut installer des logiciels et modifier les réglages du système",
                    "Le compte standard ne peut pas ouvrir de fichiers",
                    "Il n'y en a aucune",
                    "L'administrateur ne peut pas se connecter à Internet",
                ],
                0,
            ),
            U(
                "Pourquoi utiliser au quotidien un compte standard plutôt qu'un compte administrateur ?",
                [
                    "Pour limiter les dégâts qu'un logiciel malveillant peut faire",
                    "Pour que l'ordinateur démarre plus vite",
                    "Pour avoir plus d'espace disque",
                    "Pour changer de fond d'écran",
                ],
                0,
            ),
            U(
                "Vous synchronisez votre navigateur entre ordinateur et téléphone. Qu'est-ce qui est partagé ?",
                [
                    "Les favoris, l'historique et éventuellement les mots de passe enregistrés",
                    "Les fichiers du disque dur",
                    "La batterie",
                    "Le forfait téléphonique",
                ],
                0,
            ),
        ],
    },
}


# Variants built from values: the same question with other numbers or other items.
def _extend(competence: str, tube: str, level: int, variants: list[Variant]) -> None:
    BANK[competence][tube][level].extend(variants)


_extend(
    "1.2",
    "@fichiers",
    1,
    [
        U(f"Quelle extension correspond à {what} ?", [right, *others], 0)
        for what, right, others in [
            ("une présentation (diaporama)", ".odp", [".mp3", ".csv", ".jpg"]),
            ("une vidéo", ".mp4", [".ods", ".txt", ".png"]),
        ]
    ],
)
_extend(
    "1.2",
    "@stockage",
    4,
    [
        R(
            f"Combien de fichiers de {size} Mo peut-on copier au plus sur une clé de {disk} Go (1 Go = 1000 Mo) ? Répondez par un nombre.",
            [str(disk * 1000 // size)],
        )
        for size, disk in [(250, 2), (400, 8)]
    ],
)
_extend(
    "1.3",
    "@tableurFormule",
    2,
    [
        R(
            f"Les cellules A1, A2 et A3 contiennent {a}, {b} et {c}. Quel résultat affiche la formule =SOMME(A1:A3) ?",
            [str(a + b + c)],
        )
        for a, b, c in [(7, 13, 5), (20, 35, 45)]
    ],
)
_extend(
    "1.3",
    "@tableurFormule",
    1,
    [
        R(f"Dans un tableur, quelle est l'adresse de la cellule de la colonne {col}, ligne {row} ?", [f"{col}{row}"])
        for col, row in [("C", 12), ("F", 2)]
    ],
)
_extend(
    "1.3",
    "@tableurFormule",
    6,
    [
        R(
            f"A1:A6 contient {', '.join(map(str, values[:-1]))} et {values[-1]}. Quel résultat affiche =MAX(A1:A6)-MIN(A1:A6) ?",
            [str(max(values) - min(values))],
        )
        for values in [(14, 3, 27, 9, 11, 6), (52, 48, 61, 39, 50, 45)]
    ],
)
_extend(
    "3.2",
    "@image",
    3,
    [
        R(
            f"Combien de pixels contient une image de {w} × {h} pixels ? Répondez par un nombre.",
            [str(w * h), f"{w * h:,}".replace(",", " ")],
        )
        for w, h in [(1024, 768), (640, 480)]
    ],
)
_extend(
    "3.2",
    "@image",
    5,
    [
        U(f"En codage couleur RVB, quelle couleur donne {rgb} ?", [right, *others], 0)
        for rgb, right, others in [
            ("(255, 255, 255)", "Blanc", ["Noir", "Rouge", "Bleu"]),
            ("(0, 0, 255)", "Bleu", ["Rouge", "Vert", "Jaune"]),
        ]
    ],
)
_extend(
    "3.2",
    "@sonVideo",
    4,
    [
        R(
            f"Une vidéo dure {seconds} secondes à {fps} images par seconde. Combien d'images contient-elle ? Répondez par un nombre.",
            [str(seconds * fps), f"{seconds * fps:,}".replace(",", " ")],
        )
        for seconds, fps in [(20, 25), (8, 60)]
    ],
)
_extend(
    "3.4",
    "@algorithme",
    3,
    [
        R(f"Que vaut x à la fin ?\nx = {a}\nx = x + {b}\nx = x * {c}", [str((a + b) * c)])
        for a, b, c in [(2, 5, 3), (6, 1, 4)]
    ],
)
_extend(
    "3.4",
    "@algorithme",
    5,
    [
        R(
            f"Qu'affiche ce programme Python ?\ntotal = 0\nfor i in range({n}):\n    total = total + {k}\nprint(total)",
            [str(n * k)],
        )
        for n, k in [(4, 3), (6, 5)]
    ],
)
_extend(
    "3.4",
    "@programme",
    4,
    [
        R(f"Qu'affiche ce programme Python ?\nprint({a} {op} {b})", [str(a // b if op == "//" else a % b)])
        for a, op, b in [(23, "//", 4), (23, "%", 4), (30, "%", 7)]
    ],
)
_extend(
    "3.4",
    "@programme",
    6,
    [
        R(
            f"Qu'affiche ce programme Python ?\ndef triple(n):\n    return n * 3\nprint(triple({n}) + {m})",
            [str(n * 3 + m)],
        )
        for n, m in [(4, 1), (7, 10)]
    ],
)
_extend(
    "5.1",
    "@reseau",
    4,
    [
        U(f"Quel type d'adresse est {value} ?", [right, *others], 0)
        for value, right, others in [
            (
                "« https://www.education.gouv.fr/ »",
                "Une adresse web (URL)",
                ["Une adresse IP", "Une adresse électronique", "Une adresse postale"],
            ),
            (
                "« contact@college.fr »",
                "Une adresse électronique",
                ["Une adresse IP", "Une adresse web (URL)", "Un nom de fichier"],
            ),
        ]
    ],
)
_extend(
    "5.2",
    "@materiel",
    1,
    [
        U(f"Lequel de ces appareils est un périphérique {kind} ?", [right, *others], 0)
        for kind, right, others in [
            ("d'entrée", "La souris", ["L'écran", "L'imprimante", "Le casque"]),
            ("de sortie", "Les haut-parleurs", ["Le clavier", "Le scanner", "La webcam"]),
        ]
    ],
)
_extend(
    "4.1",
    "@motDePasse",
    1,
    [
        U("Lequel de ces mots de passe est le plus difficile à deviner ?", [right, *others], 0)
        for right, others in [
            ("Vélo-Rouge!Nuage42", ["azerty", "000000", "soleil"]),
            ("Trois*Pommes_Sur1Table", ["password", "qwerty123", "nicolas"]),
        ]
    ],
)


def _challenge_id(skill: str, rank: int) -> str:
    return "rec" + hashlib.sha256(f"pixcertif-demo:{skill}:{rank}".encode()).hexdigest()[:14]


def _timing(external_id: str, kind: str) -> dict[str, Any]:
    """About 10 % timed (60 s, 90 s for a typed answer) and 5 % focus, fixed by the identifier."""
    draw = int(external_id[3:], 16) % 20
    if draw in (0, 1):
        return {"timer_seconds": 90 if kind == "QROC" else 60}
    if draw == 2:
        return {"is_focus": True}
    return {}


def _shuffled(external_id: str, variant: Variant) -> Variant:
    """The proposals in an order fixed by the identifier, the solution following them."""
    if variant["type"] == "QROC":
        return variant
    order = list(range(len(variant["proposals"])))
    random.Random(external_id).shuffle(order)  # noqa: S311 - a fixed order, not security
    proposals = [variant["proposals"][i] for i in order]
    if variant["type"] == "QCU":
        solution: Any = order.index(variant["solution"])
    else:
        solution = sorted(order.index(i) for i in variant["solution"])
    return {**variant, "proposals": proposals, "solution": solution}


def build() -> dict[str, Any]:
    tubes = []
    for competence, competence_tubes in BANK.items():
        for tube, levels in competence_tubes.items():
            skills = []
            for level, variants in sorted(levels.items()):
                name = f"{tube}{level}"
                challenges = []
                for rank, variant in enumerate(variants, start=1):
                    external_id = _challenge_id(name, rank)
                    challenges.append(
                        {"id": external_id, **_timing(external_id, variant["type"]), **_shuffled(external_id, variant)}
                    )
                skills.append({"name": name, "level": level, "challenges": challenges})
            tubes.append({"name": tube, "competence": competence, "skills": skills})
    return {"version": 1, "description": "Banque de démonstration de pixcertif (questions fictives).", "tubes": tubes}


def _check(bank: dict[str, Any]) -> None:
    for tube in bank["tubes"]:
        for skill in tube["skills"]:
            assert len(skill["challenges"]) >= 2, skill["name"]
            for c in skill["challenges"]:
                if c["type"] == "QCU":
                    assert 0 <= c["solution"] < len(c["proposals"]), c
                    assert len(set(c["proposals"])) == len(c["proposals"]), c
                elif c["type"] == "QCM":
                    assert all(0 <= i < len(c["proposals"]) for i in c["solution"]), c


if __name__ == "__main__":
    bank = build()
    _check(bank)
    OUT.write_text(json.dumps(bank, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    challenges = [c for t in bank["tubes"] for s in t["skills"] for c in s["challenges"]]
    print(
        f"{len(bank['tubes'])} sujets, {sum(len(t['skills']) for t in bank['tubes'])} acquis, "
        f"{len(challenges)} épreuves ({sum('timer_seconds' in c for c in challenges)} chronométrées, "
        f"{sum(bool(c.get('is_focus')) for c in challenges)} focus) → {OUT.name}"
    )
