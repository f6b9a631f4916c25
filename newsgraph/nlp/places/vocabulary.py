"""Word lists the toponym recogniser reads: cue words before and after a place, admin and place nouns, organisation heads, site tails, stop words, demonym endings."""

from __future__ import annotations

from newsgraph.nlp.places.names import fold_name

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RELABEL = frozenset({"PERSON", "NORP", "PRODUCT", "ORG", "WORK_OF_ART", "EVENT", "LAW"})
ADMIN_WORDS = frozenset({"province", "provinces", "governorate", "oblast", "region", "state", "district",
                         "county", "prefecture", "muhafazat", "lga"})  # fmt: skip
# Admin phrases read as one admin word: Nigeria's "Local Government Area" (LGA).
ADMIN_PHRASES = {("local", "government", "area"): "lga", ("local", "government"): "lga"}
# "the province of X" names a province; "the district of X" is a part of town X.
ADMIN_OF_WORDS = frozenset({"province", "governorate", "oblast", "region", "state", "provinces"})
NEAR_WORDS = frozenset({"district", "near", "outside", "around", "outskirts", "nearby", "countryside", "suburbs",
                        "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})  # fmt: skip
CUE_WORDS = frozenset({"in", "near", "from", "to", "at", "outside", "around", "toward", "towards", "into", "along",
                       "across", "via", "inside", "within", "between", "through"})  # fmt: skip
# Words between a cue and a place: "in occupied Tokmak", "into rebel-held Idlib".
HELD_WORDS = frozenset({"occupied", "besieged", "embattled", "nearby", "neighbouring", "neighboring", "held",
                        "controlled", "liberated", "devastated", "war-torn", "frontline", "southern", "northern",
                        "eastern", "western", "central"})  # fmt: skip
# Nouns a place name stands in apposition to: "the provincial capital Lashkar Gah".
APPOSITION_PLACE_NOUNS = frozenset({"town", "city", "village", "capital", "port", "hamlet", "suburb", "district",
                                    "neighbourhood", "neighborhood", "camp", "island", "province", "region"})  # fmt: skip
# Verbs whose object is usually a place ("retook Palmyra", "shelled Douma").
PLACE_VERBS = frozenset({"retook", "retaken", "overran", "overrun", "recaptured", "captured", "seized", "liberated", "besieged", "shelled",
                         "bombed", "entered", "stormed", "evacuated", "visited", "reached", "fled", "encircled",
                         "retake", "recapture", "capture", "seize", "liberate", "besiege", "shell", "bomb",
                         "enter", "storm", "visit", "reach", "flee", "encircle", "raided", "raid", "pounded",
                         "bombarded", "invaded", "invade", "hit", "struck", "targeted", "attacked", "strike",
                         "target", "attack", "hits", "strikes", "targets", "attacks"})  # fmt: skip
PLACE_NOUNS = frozenset({"towns", "cities", "villages", "provinces", "regions", "areas", "town", "city", "village", "province", "governorate", "region", "area", "outskirts",
                         "countryside", "district", "capital", "suburb", "suburbs", "fall", "siege",
                         "streets", "north", "south", "east", "west", "oblast", "port", "island"})  # fmt: skip
# Heads of organisation names: a place name right before one of these names the organisation.
ORG_HEADS = frozenset({"force", "forces", "brigade", "brigades", "battalion", "battalions", "corps", "army",
                       "regiment", "division", "party", "movement", "university", "college", "airlines",
                       "airways", "club", "fc", "times", "post", "news", "herald", "tribune", "police",
                       "guard", "guards", "committee", "council", "company", "group", "institute", "bank",
                       "ministry", "radio", "tv", "television", "agency", "foundation", "league", "hospital",
                       "school", "church", "mosque", "airport", "stadium", "media", "daily", "journal"})  # fmt: skip
# Labels the small model gives to place names in lists and datelines ("in Manbij" as DATE).
RELABEL_LOOSE = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "LANGUAGE", "FAC", "MONEY", "QUANTITY"})
# A word after a name that makes it a place: "the Hama front", "Aleppo countryside".
PLACE_AFTER = frozenset({"front", "frontline", "countryside", "outskirts", "border", "province", "governorate",
                         "region", "oblast", "district", "county", "suburbs", "area", "city", "town",
                         "village", "valley", "coast", "state", "municipality", "parish", "shire",
                         "refugee", "regional", "provincial"})  # fmt: skip  # "Jenin refugee camp", "Kharkiv regional governor"
# A noun that a demonym modifies literally: "the Syrian capital", "the Greek islands".
DEMONYM_PLACE_NOUNS = frozenset({"capital", "city", "cities", "border", "borders", "island", "islands", "state",
                                 "states", "province", "provinces", "coast", "coastline", "town", "towns",
                                 "village", "villages", "region", "territory", "territories", "mainland",
                                 "soil", "frontier", "countryside", "port", "waters", "airspace", "side",
                                 "desert", "mountains", "border-crossing", "jails", "jail", "prisons",
                                 "prison", "beaches", "shores", "hospitals"})  # fmt: skip
# Last words of a site inside a town: a street, a building, a compound. A site the gazetteer lacks
# is placed at the town the text puts it in (newsgraph.nlp.places.resolve); "Hospital" and "Airport" are
# also heads of organisation names, so an ORG-labelled site needs a locative cue ("at X Hospital").
STREET_TAILS = frozenset({"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive",
                          "parade", "square", "highway", "motorway", "bridge", "crossing", "roundabout",
                          "checkpoint", "junction", "terrace", "crescent"})  # fmt: skip
BUILDING_TAILS = frozenset({"hospital", "clinic", "stadium", "arena", "airport", "airfield", "airbase", "prison",
                            "jail", "church", "cathedral", "chapel", "mosque", "temple", "synagogue", "basilica",
                            "shrine", "centre", "center", "estate", "park", "castle", "palace", "theatre",
                            "theater", "hall", "library", "museum", "campus", "racecourse", "mall", "market",
                            "complex", "tower", "towers", "hotel", "station", "cemetery", "embassy", "consulate",
                            "compound", "canal", "plantation", "farm", "farms", "camp", "harbour", "harbor",
                            "pier", "wharf", "dam", "refinery", "barracks"})  # fmt: skip
SITE_TAILS = STREET_TAILS | BUILDING_TAILS
# Words after a name that make it a part of a town: "the al Waer district of Homs".
PART_OF_TOWN = frozenset({"district", "neighbourhood", "neighborhood", "quarter", "suburb", "camp",
                          "area", "sector", "precinct"})  # fmt: skip
# Verbs that put their object at a site but say nothing about towns ("struck the X Hospital").
SITE_VERBS = frozenset({"struck", "hit", "targeted", "raided", "attacked", "strike", "target", "raid",
                        "attack", "surrounded", "surround", "occupied", "occupy"})  # fmt: skip
# Words before "to" that make what follows a source, a cause or an allegiance, not a destination.
TO_NOT_PLACE = frozenset({"according", "thanks", "due", "owing", "attributed", "loyal", "allied", "linked",
                          "tied", "belonging", "answerable"})  # fmt: skip
# Verbs of movement: after them "to"/"from" introduces a place even before a person-like name.
MOVE_VERBS = frozenset({"move", "drive", "fly", "flee", "travel", "return", "head", "go", "come", "relocate",
                        "deploy", "send", "transfer", "evacuate", "march", "walk", "sail", "escape", "airlift"})  # fmt: skip
# "fired on X", "the assault on X": nouns and verbs after which "on" introduces a place.
ON_PLACE_WORDS = frozenset({"fire", "fired", "firing", "attack", "attacks", "assault", "offensive", "advance",
                            "march", "marched", "converge", "converged", "push", "raid", "raids", "strike",
                            "strikes", "airstrikes", "shelling", "bombardment", "closing", "closed"})  # fmt: skip
COORDINATORS = frozenset({",", "and", "or", "/", "&", ";"})
ARTICLE_PARTICLES = frozenset({"al", "el", "ash", "as", "ad", "ar", "at", "az", "an", "ath", "es", "ez", "ed", "-",
                               "de", "du", "la", "le", "of", "upon", "on", "sur", "am", "der", "del"})  # fmt: skip
# Month and weekday abbreviations, as datelines and bylines write them ("AMMAN, Nov 02 2017",
# "Mon, Oct 30"): Nov is a village in Israel and Mon a state of Myanmar, never meant there.
DATE_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
                      "Tue", "Tues", "Wed", "Weds", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun")  # fmt: skip
STOPWORDS = frozenset(fold_name(w) for w in [*DATE_ABBREVIATIONS, "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "God", "Allah", "President", "Minister", "General", "Media", "News", "Home", "Contact", "Menu", "Search", "Share", "Comments", "Login", "Subscribe", "Video", "Photos", "Sports", "Opinion", "Mr", "Mrs", "Ms", "Dr", "The", "A", "An", "I", "We", "He", "She", "They", "It", "This", "That", "Of", "And", "But", "Or", "If", "As", "At", "By", "For", "On", "In", "To", "Who", "Easter", "Christmas", "Ramadan", "Eid", "Centre", "Center", "North", "South", "East", "West", "Southern", "Northern", "Eastern", "Western", "Central", "Capital", "City", "State", "Republic", "Valley", "Royal", "National", "Federal", "Grand", "Great", "Imperial"])  # fmt: skip
# Demonyms of a country's constituent nations: the nation, not the whole country, is the place.
NATION_DEMONYMS = {"english": "England", "scottish": "Scotland", "welsh": "Wales"}
_IRREGULAR_DEMONYMS = {
    "american": "US", "americans": "US", "british": "GB", "briton": "GB", "french": "FR", "dutch": "NL",
    "swiss": "CH", "greek": "GR", "turkish": "TR", "turk": "TR", "emirati": "AE", "filipino": "PH",
    "afghan": "AF", "saudi": "SA", "israeli": "IL", "yemeni": "YE", "welsh": "GB", "scottish": "GB",
    "english": "GB", "irish": "IE", "spanish": "ES", "polish": "PL", "danish": "DK", "swedish": "SE",
    "finnish": "FI", "norwegian": "NO", "thai": "TH", "persian": "IR", "kurdish": None, "kurd": None,
    "kurds": None, "arab": None, "arabs": None, "alawite": None, "sunni": None, "shiite": None, "shia": None,
    # Stems the generated forms get wrong or miss ("Nigerian" had become Niger's: "Niger" + "ian").
    "nigerian": "NG", "nigerians": "NG", "nigerien": "NE", "nigeriens": "NE", "somali": "SO", "somalis": "SO",
    "congolese": "CD", "burkinabe": "BF", "burkinabé": "BF", "ivorian": "CI", "ivorians": "CI",
    "lebanese": "LB", "palestinian": "PS", "palestinians": "PS", "burmese": "MM", "mozambican": "MZ",
    "salvadoran": "SV", "macedonian": "MK", "togolese": "TG", "malagasy": "MG", "tajik": "TJ", "uzbek": "UZ",
    "kazakh": "KZ", "kyrgyz": "KG", "turkmen": "TM", "bosnian": "BA", "kosovar": "XK", "montenegrin": "ME",
    "slovak": "SK", "czech": "CZ", "icelandic": "IS", "german": "DE", "germans": "DE", "portuguese": "PT",
    "cypriot": "CY", "belgian": "BE", "laotian": "LA", "maldivian": "MV", "peruvian": "PE",
    "argentine": "AR", "panamanian": "PA", "sahrawi": None, "korean": None, "koreans": None,
}  # fmt: skip
_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish", "ite", "er")
