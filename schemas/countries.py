"""Country names -> ISO 3166-1 alpha-3, for articles in English, Spanish, German and French.

Vote records are compared across articles, outlets and languages, so "the U.S.",
"Washington", "EE.UU." and "Vereinigten Staaten" must all become the same key (USA).
The rules, and why:

* ``normalise`` answers for a name the model gave us, which may be a short or long
  name, a demonym, a capital used as a metonym ("Moscow said ..."), or a code. It is
  case-insensitive and ignores a leading article, a possessive, dots, hyphens and
  accents, because the model copies these loosely. Codes and abbreviations (ISO2,
  ISO3, "UK", "UAE", "DPRK", "EE.UU.") only count when written in capitals: "us",
  "it", "no" and "can" are English words, so a lower-case "us" is not the USA.
* A name that could be two countries ("Korea", "Congo", "Korean", "Congolese") gives
  None rather than a guess: a wrong country in a vote record is worse than a missing one.
* Gaza, the West Bank and East Jerusalem give None on purpose: they are territories,
  not voting members, and mapping them to ISR or PSE would be a political claim the
  article may not make. "Palestine"/"Palestinian" give PSE (a UN observer state).
* ``mentions`` scans free text, where precision matters more: matching is
  case-sensitive (so "US" but never "us", "Turkey" but not "turkey", "China" but not
  "china"), bounded by non-word characters (no "Oman" in "Romania"), and leftmost-
  longest, so "Papua New Guinea" is not read as Guinea. Phrases that contain a
  country name but are not that country ("Washington Post", "Latin America",
  "Northern Ireland", "Gulf of Mexico") are matched as blockers and dropped, which
  stops the shorter name inside them from matching. Names that are also common words,
  places elsewhere or people's names (Sofia, Santiago, Kingston, Georgetown, German
  "Island", French "Maurice") are marked ``~`` below: ``normalise`` knows them, free
  text never matches them. Malé (Maldives) is left out entirely: "male".
* Brussels is not a metonym for Belgium here (in UN news it means the EU), and the
  alternation is built as a character trie so scanning costs one pass however many
  names there are.
"""

from __future__ import annotations

import re
import unicodedata

# ISO3: (ISO2, English names, English demonyms, capitals and metonyms, Spanish, German, French)
# Fields are "|"-separated. In the Spanish, German and French fields a lower-case entry is an
# adjective and its inflections are generated (ruso -> rusa/rusos/rusas, russisch -> russische...,
# américain -> américaine...). "~" marks a name known to normalise() but never matched in free text.
_COUNTRIES: dict[str, tuple[str, str, str, str, str, str, str]] = {
    "AFG": ("AF", "Afghanistan|Islamic Republic of Afghanistan|Islamic Emirate of Afghanistan", "Afghan", "Kabul", "Afganistán|afgano", "Afghanistan|afghanisch", "Afghanistan|afghan"),
    "ALB": ("AL", "Albania|Republic of Albania", "Albanian", "Tirana|Tiranë", "Albania", "Albanien", "Albanie"),
    "DZA": ("DZ", "Algeria|People's Democratic Republic of Algeria", "Algerian", "Algiers", "Argelia|argelino", "Algerien|algerisch", "Algérie|algérien"),
    "AND": ("AD", "Andorra|Principality of Andorra", "Andorran", "Andorra la Vella", "Andorra", "Andorra", "Andorre"),
    "AGO": ("AO", "Angola|Republic of Angola", "Angolan", "Luanda", "Angola", "Angola", "Angola"),
    "ATG": ("AG", "Antigua and Barbuda|Antigua", "Antiguan", "~St. John's", "Antigua y Barbuda", "Antigua und Barbuda", "Antigua-et-Barbuda"),
    "ARG": ("AR", "Argentina|Argentine Republic", "Argentine|Argentinian", "Buenos Aires", "Argentina|argentino", "Argentinien|argentinisch", "Argentine|argentin"),
    "ARM": ("AM", "Armenia|Republic of Armenia", "Armenian", "Yerevan", "Armenia", "Armenien", "Arménie"),
    "AUS": ("AU", "Australia|Commonwealth of Australia", "Australian", "Canberra", "Australia|australiano", "Australien|australisch", "Australie|australien"),
    "AUT": ("AT", "Austria|Republic of Austria", "Austrian", "Vienna", "Austria|austriaco", "Österreich|österreichisch|Wien", "Autriche|autrichien|Vienne"),
    "AZE": ("AZ", "Azerbaijan|Republic of Azerbaijan", "Azerbaijani|Azeri", "Baku", "Azerbaiyán", "Aserbaidschan", "Azerbaïdjan"),
    "BHS": ("BS", "Bahamas|Commonwealth of The Bahamas", "Bahamian", "~Nassau", "Bahamas", "Bahamas", "Bahamas"),
    "BHR": ("BH", "Bahrain|Kingdom of Bahrain", "Bahraini", "Manama", "Baréin|Bahréin", "Bahrain", "Bahreïn"),
    "BGD": ("BD", "Bangladesh|People's Republic of Bangladesh", "Bangladeshi", "Dhaka", "Bangladés|Bangladesh", "Bangladesch", "Bangladesh"),
    "BRB": ("BB", "Barbados", "Barbadian|Bajan", "Bridgetown", "Barbados", "Barbados", "Barbade"),
    "BLR": ("BY", "Belarus|Republic of Belarus|Byelorussia|Belorussia", "Belarusian|Belarusan|Byelorussian", "Minsk", "Bielorrusia|Belarús|bielorruso", "Belarus|Weißrussland|belarussisch|weißrussisch", "Biélorussie|Bélarus|biélorusse"),
    "BEL": ("BE", "Belgium|Kingdom of Belgium", "Belgian", "", "Bélgica|belga", "Belgien|belgisch", "Belgique|belge"),
    "BLZ": ("BZ", "Belize", "Belizean", "Belmopan", "Belice", "Belize", "Belize"),
    "BEN": ("BJ", "Benin|Republic of Benin", "Beninese", "Porto-Novo", "Benín", "Benin", "Bénin"),
    "BTN": ("BT", "Bhutan|Kingdom of Bhutan", "Bhutanese", "Thimphu", "Bután", "Bhutan", "Bhoutan"),
    "BOL": ("BO", "Bolivia|Plurinational State of Bolivia|Bolivia (Plurinational State of)", "Bolivian", "La Paz|~Sucre", "Bolivia|boliviano", "Bolivien", "Bolivie"),
    "BIH": ("BA", "Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnia", "Bosnian", "Sarajevo", "Bosnia y Herzegovina|Bosnia-Herzegovina", "Bosnien und Herzegowina|Bosnien-Herzegowina|Bosnien", "Bosnie-Herzégovine|Bosnie"),
    "BWA": ("BW", "Botswana|Republic of Botswana", "Motswana|Batswana", "Gaborone", "Botsuana", "Botswana|Botsuana", "Botswana"),
    "BRA": ("BR", "Brazil|Federative Republic of Brazil", "Brazilian", "Brasília", "Brasil|brasileño", "Brasilien|brasilianisch", "Brésil|brésilien"),
    "BRN": ("BN", "Brunei|Brunei Darussalam", "Bruneian", "Bandar Seri Begawan", "Brunéi", "Brunei", "Brunei|Brunéi"),
    "BGR": ("BG", "Bulgaria|Republic of Bulgaria", "Bulgarian", "~Sofia", "Bulgaria", "Bulgarien", "Bulgarie"),
    "BFA": ("BF", "Burkina Faso|Burkina", "Burkinabe|Burkinabé", "Ouagadougou", "Burkina Faso", "Burkina Faso", "Burkina Faso"),
    "BDI": ("BI", "Burundi|Republic of Burundi", "Burundian", "Gitega", "Burundi", "Burundi", "Burundi"),
    "CPV": ("CV", "Cabo Verde|Cape Verde|Republic of Cabo Verde", "Cape Verdean|Cabo Verdean", "~Praia", "Cabo Verde", "Kap Verde|Cabo Verde", "Cap-Vert"),
    "KHM": ("KH", "Cambodia|Kingdom of Cambodia", "Cambodian", "Phnom Penh", "Camboya", "Kambodscha", "Cambodge"),
    "CMR": ("CM", "Cameroon|Republic of Cameroon", "Cameroonian", "Yaoundé", "Camerún", "Kamerun", "Cameroun"),
    "CAN": ("CA", "Canada", "Canadian", "Ottawa", "Canadá|canadiense", "Kanada|kanadisch", "Canada|canadien"),
    "CAF": ("CF", "Central African Republic|CAR", "Central African", "Bangui", "República Centroafricana", "Zentralafrikanische Republik", "République centrafricaine|Centrafrique"),
    "TCD": ("TD", "Chad|Republic of Chad", "Chadian", "N'Djamena|Ndjamena", "Chad", "Tschad", "Tchad"),
    "CHL": ("CL", "Chile|Republic of Chile", "Chilean", "~Santiago", "Chile|chileno", "Chile|chilenisch", "Chili|chilien"),
    "CHN": ("CN", "China|People's Republic of China|PRC|Mainland China", "Chinese", "Beijing|Peking", "China|República Popular China|chino|Pekín", "China|Volksrepublik China|chinesisch|Chinesen|Peking", "Chine|République populaire de Chine|chinois|Pékin"),
    "COL": ("CO", "Colombia|Republic of Colombia", "Colombian", "Bogotá", "Colombia|colombiano", "Kolumbien|kolumbianisch", "Colombie|colombien"),
    "COM": ("KM", "Comoros|Union of the Comoros", "Comorian", "~Moroni", "Comoras", "Komoren", "Comores"),
    "COG": ("CG", "Republic of the Congo|Republic of Congo|Congo Republic|Congo-Brazzaville", "", "Brazzaville", "República del Congo", "Republik Kongo", "République du Congo"),
    "COD": ("CD", "Democratic Republic of the Congo|Democratic Republic of Congo|DR Congo|DRC|Congo-Kinshasa", "", "Kinshasa", "República Democrática del Congo|RD Congo|RDC", "Demokratische Republik Kongo|DR Kongo", "République démocratique du Congo|RD Congo"),
    "CRI": ("CR", "Costa Rica|Republic of Costa Rica", "Costa Rican", "~San José", "Costa Rica|costarricense", "Costa Rica", "Costa Rica"),
    "CIV": ("CI", "Côte d'Ivoire|Ivory Coast|Republic of Côte d'Ivoire", "Ivorian", "Yamoussoukro|Abidjan", "Costa de Marfil", "Elfenbeinküste", "Côte d'Ivoire|ivoirien"),
    "HRV": ("HR", "Croatia|Republic of Croatia", "Croatian|Croat", "Zagreb", "Croacia", "Kroatien", "Croatie"),
    "CUB": ("CU", "Cuba|Republic of Cuba", "Cuban", "Havana", "Cuba|cubano|La Habana", "Kuba|kubanisch", "Cuba|cubain|La Havane"),
    "CYP": ("CY", "Cyprus|Republic of Cyprus", "Cypriot", "Nicosia", "Chipre", "Zypern", "Chypre"),
    "CZE": ("CZ", "Czechia|Czech Republic", "Czech|Czechs", "Prague", "Chequia|República Checa", "Tschechien|Tschechische Republik", "Tchéquie|République tchèque"),
    "DNK": ("DK", "Denmark|Kingdom of Denmark", "Danish|Dane", "Copenhagen", "Dinamarca|danés", "Dänemark|dänisch", "Danemark|danois"),
    "DJI": ("DJ", "Djibouti|Republic of Djibouti", "Djiboutian", "Djibouti City", "Yibuti", "Dschibuti", "Djibouti"),
    "DMA": ("DM", "Dominica|Commonwealth of Dominica", "", "Roseau", "Dominica", "Dominica", "~Dominique"),
    "DOM": ("DO", "Dominican Republic", "Dominican", "Santo Domingo", "República Dominicana", "Dominikanische Republik", "République dominicaine"),
    "ECU": ("EC", "Ecuador|Republic of Ecuador", "Ecuadorian|Ecuadorean", "Quito", "Ecuador|ecuatoriano", "Ecuador", "Équateur"),
    "EGY": ("EG", "Egypt|Arab Republic of Egypt", "Egyptian", "Cairo", "Egipto|egipcio|El Cairo", "Ägypten|ägyptisch|Kairo", "Égypte|égyptien|Le Caire"),
    "SLV": ("SV", "El Salvador|Republic of El Salvador", "Salvadoran|Salvadorean", "San Salvador", "El Salvador", "El Salvador", "~Salvador"),
    "GNQ": ("GQ", "Equatorial Guinea|Republic of Equatorial Guinea", "Equatoguinean|Equatorial Guinean", "Malabo", "Guinea Ecuatorial", "Äquatorialguinea", "Guinée équatoriale"),
    "ERI": ("ER", "Eritrea|State of Eritrea", "Eritrean", "Asmara", "Eritrea", "Eritrea", "Érythrée"),
    "EST": ("EE", "Estonia|Republic of Estonia", "Estonian", "Tallinn", "Estonia", "Estland", "Estonie"),
    "SWZ": ("SZ", "Eswatini|Kingdom of Eswatini|Swaziland", "Swazi", "Mbabane", "Esuatini|Suazilandia", "Eswatini|Swasiland", "Eswatini|Swaziland"),
    "ETH": ("ET", "Ethiopia|Federal Democratic Republic of Ethiopia", "Ethiopian", "Addis Ababa", "Etiopía|etíope", "Äthiopien|äthiopisch", "Éthiopie|éthiopien"),
    "FJI": ("FJ", "Fiji|Republic of Fiji", "Fijian", "Suva", "Fiyi", "Fidschi", "Fidji"),
    "FIN": ("FI", "Finland|Republic of Finland", "Finnish|Finn", "Helsinki", "Finlandia", "Finnland", "Finlande"),
    "FRA": ("FR", "France|French Republic", "French|Frenchman|Frenchmen|Frenchwoman", "Paris|Élysée", "Francia|francés|París", "Frankreich|französisch|Franzosen", "France|français"),
    "GAB": ("GA", "Gabon|Gabonese Republic", "Gabonese", "Libreville", "Gabón", "Gabun", "Gabon"),
    "GMB": ("GM", "Gambia|The Gambia|Republic of The Gambia", "Gambian", "Banjul", "Gambia", "Gambia", "Gambie"),
    "GEO": ("GE", "Georgia", "Georgian", "Tbilisi", "Georgia", "Georgien", "Géorgie"),
    "DEU": ("DE", "Germany|Federal Republic of Germany", "German", "Berlin", "Alemania|alemán|Berlín", "Deutschland|Bundesrepublik Deutschland|deutsch", "Allemagne|allemand"),
    "GHA": ("GH", "Ghana|Republic of Ghana", "Ghanaian", "Accra", "Ghana", "Ghana", "Ghana"),
    "GRC": ("GR", "Greece|Hellenic Republic", "Greek", "Athens", "Grecia|griego|Atenas", "Griechenland|griechisch|Athen", "Grèce|grec|Athènes"),
    "GRD": ("GD", "Grenada", "Grenadian", "~St. George's", "~Granada", "Grenada", "~Grenade"),
    "GTM": ("GT", "Guatemala|Republic of Guatemala", "Guatemalan", "Guatemala City", "Guatemala|guatemalteco", "Guatemala", "Guatemala"),
    "GIN": ("GN", "Guinea|Republic of Guinea|Guinea-Conakry", "Guinean", "Conakry", "Guinea", "Guinea", "Guinée"),
    "GNB": ("GW", "Guinea-Bissau", "Bissau-Guinean", "Bissau", "Guinea-Bisáu", "Guinea-Bissau", "Guinée-Bissau"),
    "GUY": ("GY", "Guyana|Co-operative Republic of Guyana", "Guyanese", "~Georgetown", "Guyana", "Guyana", "Guyana"),
    "HTI": ("HT", "Haiti|Republic of Haiti", "Haitian", "Port-au-Prince", "Haití|haitiano", "Haiti", "Haïti|haïtien"),
    "HND": ("HN", "Honduras|Republic of Honduras", "Honduran", "Tegucigalpa", "Honduras|hondureño", "Honduras", "Honduras"),
    "HUN": ("HU", "Hungary", "Hungarian", "Budapest", "Hungría|húngaro", "Ungarn|ungarisch", "Hongrie|hongrois"),
    "ISL": ("IS", "Iceland", "Icelandic|Icelander", "Reykjavík", "Islandia", "~Island", "Islande"),
    "IND": ("IN", "India|Republic of India|Bharat", "Indian", "New Delhi|Delhi", "India|indio|Nueva Delhi", "Indien|indisch|Neu-Delhi", "Inde|indien|New Delhi"),
    "IDN": ("ID", "Indonesia|Republic of Indonesia", "Indonesian", "Jakarta", "Indonesia|indonesio|Yakarta", "Indonesien|indonesisch", "Indonésie|indonésien"),
    "IRN": ("IR", "Iran|Islamic Republic of Iran|Iran (Islamic Republic of)|Persia", "Iranian", "Tehran", "Irán|iraní|Teherán", "Iran|iranisch|Teheran", "Iran|iranien|Téhéran"),
    "IRQ": ("IQ", "Iraq|Republic of Iraq", "Iraqi", "Baghdad", "Irak|iraquí|Bagdad", "Irak|irakisch|Bagdad", "Irak|irakien|Bagdad"),
    "IRL": ("IE", "Ireland|Republic of Ireland|Éire", "Irish", "Dublin", "Irlanda|irlandés", "Irland|irisch", "Irlande|irlandais"),
    "ISR": ("IL", "Israel|State of Israel|Jewish state|Jewish State", "Israeli", "Jerusalem", "Israel|israelí|Estado de Israel|Jerusalén|Estado judío", "Israel|israelisch|Staat Israel|Israelis|jüdischer Staat|jüdischen Staat", "Israël|israélien|État d'Israël|Jérusalem|État hébreu|État juif"),
    "ITA": ("IT", "Italy|Italian Republic", "Italian", "Rome", "Italia|italiano|Roma", "Italien|italienisch|Rom", "Italie|italien"),
    "JAM": ("JM", "Jamaica", "Jamaican", "~Kingston", "Jamaica", "Jamaika", "Jamaïque"),
    "JPN": ("JP", "Japan", "Japanese", "Tokyo", "Japón|japonés|Tokio", "Japan|japanisch|Tokio", "Japon|japonais"),
    "JOR": ("JO", "Jordan|Hashemite Kingdom of Jordan", "Jordanian", "Amman", "Jordania|jordano", "Jordanien|jordanisch", "Jordanie|jordanien"),
    "KAZ": ("KZ", "Kazakhstan|Republic of Kazakhstan", "Kazakh|Kazakhstani", "Astana|Nur-Sultan", "Kazajistán|Kazajstán", "Kasachstan", "Kazakhstan"),
    "KEN": ("KE", "Kenya|Republic of Kenya", "Kenyan", "Nairobi", "Kenia", "Kenia", "Kenya"),
    "KIR": ("KI", "Kiribati", "I-Kiribati", "Tarawa|South Tarawa", "Kiribati", "Kiribati", "Kiribati"),
    "KWT": ("KW", "Kuwait|State of Kuwait", "Kuwaiti", "Kuwait City", "Kuwait", "Kuwait", "Koweït"),
    "KGZ": ("KG", "Kyrgyzstan|Kyrgyz Republic|Kirghizia", "Kyrgyz|Kyrgyzstani", "Bishkek", "Kirguistán", "Kirgisistan", "Kirghizistan"),
    "LAO": ("LA", "Laos|Lao People's Democratic Republic|Lao PDR", "Lao|Laotian", "Vientiane", "Laos", "Laos", "Laos"),
    "LVA": ("LV", "Latvia|Republic of Latvia", "Latvian", "Riga", "Letonia", "Lettland", "Lettonie"),
    "LBN": ("LB", "Lebanon|Lebanese Republic", "Lebanese", "Beirut", "Líbano|libanés|Beirut", "Libanon|libanesisch", "Liban|libanais|Beyrouth"),
    "LSO": ("LS", "Lesotho|Kingdom of Lesotho", "Basotho|Mosotho", "Maseru", "Lesoto", "Lesotho", "Lesotho"),
    "LBR": ("LR", "Liberia|Republic of Liberia", "Liberian", "Monrovia", "Liberia", "Liberia", "Libéria"),
    "LBY": ("LY", "Libya|State of Libya", "Libyan", "Tripoli", "Libia|libio|Trípoli", "Libyen|libysch", "Libye|libyen"),
    "LIE": ("LI", "Liechtenstein|Principality of Liechtenstein", "Liechtensteiner", "Vaduz", "Liechtenstein", "Liechtenstein", "Liechtenstein"),
    "LTU": ("LT", "Lithuania|Republic of Lithuania", "Lithuanian", "Vilnius", "Lituania", "Litauen", "Lituanie"),
    "LUX": ("LU", "Luxembourg|Grand Duchy of Luxembourg", "Luxembourgish|Luxembourger", "Luxembourg City", "Luxemburgo", "Luxemburg", "Luxembourg"),
    "MDG": ("MG", "Madagascar|Republic of Madagascar", "Malagasy", "Antananarivo", "Madagascar", "Madagaskar", "Madagascar"),
    "MWI": ("MW", "Malawi|Republic of Malawi", "Malawian", "Lilongwe", "Malaui", "Malawi", "Malawi"),
    "MYS": ("MY", "Malaysia", "Malaysian", "Kuala Lumpur", "Malasia", "Malaysia", "Malaisie"),
    "MDV": ("MV", "Maldives|Republic of Maldives", "Maldivian", "", "Maldivas", "Malediven", "Maldives"),
    "MLI": ("ML", "Mali|Republic of Mali", "Malian", "Bamako", "Malí", "Mali", "Mali"),
    "MLT": ("MT", "Malta|Republic of Malta", "Maltese", "Valletta", "Malta", "Malta", "Malte"),
    "MHL": ("MH", "Marshall Islands|Republic of the Marshall Islands", "Marshallese", "Majuro", "Islas Marshall", "Marshallinseln", "Îles Marshall"),
    "MRT": ("MR", "Mauritania|Islamic Republic of Mauritania", "Mauritanian", "Nouakchott", "Mauritania", "Mauretanien", "Mauritanie"),
    "MUS": ("MU", "Mauritius|Republic of Mauritius", "Mauritian", "Port Louis", "~Mauricio", "Mauritius", "~Maurice"),
    "MEX": ("MX", "Mexico|United Mexican States", "Mexican", "Mexico City", "México|mexicano|Estados Unidos Mexicanos|Ciudad de México", "Mexiko|mexikanisch", "Mexique|mexicain"),
    "FSM": ("FM", "Micronesia|Federated States of Micronesia|Micronesia (Federated States of)", "Micronesian", "Palikir", "Micronesia", "Mikronesien", "Micronésie"),
    "MDA": ("MD", "Moldova|Republic of Moldova", "Moldovan", "Chișinău|Chisinau|Kishinev", "Moldavia", "Moldau|Moldawien|Republik Moldau", "Moldavie"),
    "MCO": ("MC", "Monaco|Principality of Monaco", "Monegasque", "", "Mónaco", "Monaco", "Monaco"),
    "MNG": ("MN", "Mongolia", "Mongolian", "Ulaanbaatar|Ulan Bator", "Mongolia", "Mongolei", "Mongolie"),
    "MNE": ("ME", "Montenegro", "Montenegrin", "Podgorica", "Montenegro", "Montenegro", "Monténégro"),
    "MAR": ("MA", "Morocco|Kingdom of Morocco", "Moroccan", "Rabat", "Marruecos|marroquí", "Marokko|marokkanisch", "Maroc|marocain"),
    "MOZ": ("MZ", "Mozambique|Republic of Mozambique", "Mozambican", "Maputo", "Mozambique", "Mosambik", "Mozambique"),
    "MMR": ("MM", "Myanmar|Burma|Republic of the Union of Myanmar", "Burmese", "Naypyidaw|Nay Pyi Taw", "Myanmar|Birmania", "Myanmar|Birma", "Myanmar|Birmanie"),
    "NAM": ("NA", "Namibia|Republic of Namibia", "Namibian", "Windhoek", "Namibia", "Namibia", "Namibie"),
    "NRU": ("NR", "Nauru|Republic of Nauru", "Nauruan", "Yaren", "Nauru", "Nauru", "Nauru"),
    "NPL": ("NP", "Nepal|Federal Democratic Republic of Nepal", "Nepali|Nepalese", "Kathmandu", "Nepal", "Nepal", "Népal"),
    "NLD": ("NL", "Netherlands|Kingdom of the Netherlands|Holland", "Dutch", "Amsterdam", "Países Bajos|Holanda|neerlandés", "Niederlande|Holland|niederländisch", "Pays-Bas|néerlandais"),
    "NZL": ("NZ", "New Zealand", "New Zealander", "~Wellington", "Nueva Zelanda", "Neuseeland", "Nouvelle-Zélande"),
    "NIC": ("NI", "Nicaragua|Republic of Nicaragua", "Nicaraguan", "Managua", "Nicaragua|nicaragüense", "Nicaragua|nicaraguanisch", "Nicaragua|nicaraguayen"),
    "NER": ("NE", "Niger|Republic of the Niger|Republic of Niger", "Nigerien", "Niamey", "Níger", "Niger", "Niger"),
    "NGA": ("NG", "Nigeria|Federal Republic of Nigeria", "Nigerian", "Abuja", "Nigeria|nigeriano", "Nigeria|nigerianisch", "Nigeria|Nigéria|nigérian"),
    "PRK": ("KP", "North Korea|Democratic People's Republic of Korea|Korea, Democratic People's Republic of|DPRK|DPR Korea", "North Korean", "Pyongyang", "Corea del Norte|norcoreano|Pionyang", "Nordkorea|nordkoreanisch|Pjöngjang", "Corée du Nord|nord-coréen"),
    "MKD": ("MK", "North Macedonia|Republic of North Macedonia|Macedonia", "Macedonian|North Macedonian", "Skopje", "Macedonia del Norte", "Nordmazedonien", "Macédoine du Nord"),
    "NOR": ("NO", "Norway|Kingdom of Norway", "Norwegian", "Oslo", "Noruega|noruego", "Norwegen|norwegisch", "Norvège|norvégien"),
    "OMN": ("OM", "Oman|Sultanate of Oman", "Omani", "Muscat", "Omán", "Oman", "Oman"),
    "PAK": ("PK", "Pakistan|Islamic Republic of Pakistan", "Pakistani", "Islamabad", "Pakistán|pakistaní", "Pakistan|pakistanisch", "Pakistan|pakistanais"),
    "PLW": ("PW", "Palau|Republic of Palau", "Palauan", "Ngerulmud", "Palaos", "Palau", "Palaos"),
    "PAN": ("PA", "Panama|Republic of Panama", "Panamanian", "Panama City", "Panamá|panameño", "Panama", "Panama"),
    "PNG": ("PG", "Papua New Guinea|Independent State of Papua New Guinea", "Papua New Guinean", "Port Moresby", "Papúa Nueva Guinea", "Papua-Neuguinea", "Papouasie-Nouvelle-Guinée"),
    "PRY": ("PY", "Paraguay|Republic of Paraguay", "Paraguayan", "Asunción", "Paraguay|paraguayo", "Paraguay", "Paraguay"),
    "PER": ("PE", "Peru|Republic of Peru", "Peruvian", "Lima", "Perú|peruano", "Peru|peruanisch", "Pérou|péruvien"),
    "PHL": ("PH", "Philippines|Republic of the Philippines", "Philippine|Filipino", "Manila", "Filipinas|filipino", "Philippinen|philippinisch", "Philippines|philippin"),
    "POL": ("PL", "Poland|Republic of Poland", "Polish|~Pole", "Warsaw", "Polonia|polaco|Varsovia", "Polen|polnisch|Warschau", "Pologne|polonais|Varsovie"),
    "PRT": ("PT", "Portugal|Portuguese Republic", "Portuguese", "Lisbon", "Portugal|portugués", "Portugal|portugiesisch", "Portugal|portugais"),
    "QAT": ("QA", "Qatar|State of Qatar", "Qatari", "Doha", "Catar|Qatar|catarí", "Katar|katarisch", "Qatar|qatari"),
    "KOR": ("KR", "South Korea|Republic of Korea|Korea, Republic of|ROK", "South Korean", "Seoul", "Corea del Sur|surcoreano|Seúl", "Südkorea|südkoreanisch", "Corée du Sud|sud-coréen|Séoul"),
    "ROU": ("RO", "Romania", "Romanian", "Bucharest", "Rumania|Rumanía", "Rumänien", "Roumanie"),
    "RUS": ("RU", "Russia|Russian Federation", "Russian", "Moscow|Kremlin", "Rusia|Federación de Rusia|ruso|Moscú|Kremlin", "Russland|Russische Föderation|russisch|Russen|Moskau|Kreml", "Russie|Fédération de Russie|russe|Moscou|Kremlin"),
    "RWA": ("RW", "Rwanda|Republic of Rwanda", "Rwandan", "Kigali", "Ruanda", "Ruanda", "Rwanda"),
    "KNA": ("KN", "Saint Kitts and Nevis", "Kittitian|Nevisian", "Basseterre", "San Cristóbal y Nieves", "St. Kitts und Nevis", "Saint-Christophe-et-Niévès"),
    "LCA": ("LC", "Saint Lucia", "Saint Lucian", "Castries", "Santa Lucía", "St. Lucia", "Sainte-Lucie"),
    "VCT": ("VC", "Saint Vincent and the Grenadines", "Vincentian", "Kingstown", "San Vicente y las Granadinas", "St. Vincent und die Grenadinen", "Saint-Vincent-et-les-Grenadines"),
    "WSM": ("WS", "Samoa|Independent State of Samoa", "Samoan", "Apia", "Samoa", "Samoa", "Samoa"),
    "SMR": ("SM", "San Marino|Republic of San Marino", "Sammarinese", "", "San Marino", "San Marino", "Saint-Marin"),
    "STP": ("ST", "São Tomé and Príncipe", "Santomean", "São Tomé", "Santo Tomé y Príncipe", "São Tomé und Príncipe", "Sao Tomé-et-Principe"),
    "SAU": ("SA", "Saudi Arabia|Kingdom of Saudi Arabia|KSA", "Saudi|Saudi Arabian", "Riyadh", "Arabia Saudita|Arabia Saudí|saudí|Riad", "Saudi-Arabien|saudisch|saudi-arabisch|Riad", "Arabie saoudite|saoudien|Riyad"),
    "SEN": ("SN", "Senegal|Republic of Senegal", "Senegalese", "Dakar", "Senegal", "Senegal", "Sénégal"),
    "SRB": ("RS", "Serbia|Republic of Serbia", "Serbian|Serb", "Belgrade", "Serbia|serbio", "Serbien|serbisch", "Serbie|serbe"),
    "SYC": ("SC", "Seychelles|Republic of Seychelles", "Seychellois", "", "Seychelles", "Seychellen", "Seychelles"),
    "SLE": ("SL", "Sierra Leone|Republic of Sierra Leone", "Sierra Leonean", "Freetown", "Sierra Leona", "Sierra Leone", "Sierra Leone"),
    "SGP": ("SG", "Singapore|Republic of Singapore", "Singaporean", "", "Singapur", "Singapur", "Singapour"),
    "SVK": ("SK", "Slovakia|Slovak Republic", "Slovak|Slovakian", "Bratislava", "Eslovaquia", "Slowakei", "Slovaquie"),
    "SVN": ("SI", "Slovenia|Republic of Slovenia", "Slovenian|Slovene", "Ljubljana", "Eslovenia", "Slowenien", "Slovénie"),
    "SLB": ("SB", "Solomon Islands", "Solomon Islander", "Honiara", "Islas Salomón", "Salomonen", "Îles Salomon"),
    "SOM": ("SO", "Somalia|Federal Republic of Somalia", "Somali", "Mogadishu", "Somalia", "Somalia", "Somalie"),
    "ZAF": ("ZA", "South Africa|Republic of South Africa", "South African", "Pretoria", "Sudáfrica|sudafricano", "Südafrika|südafrikanisch", "Afrique du Sud|sud-africain"),
    "SSD": ("SS", "South Sudan|Republic of South Sudan", "South Sudanese", "Juba", "Sudán del Sur", "Südsudan", "Soudan du Sud"),
    "ESP": ("ES", "Spain|Kingdom of Spain", "Spanish|Spaniard", "Madrid", "España|español", "Spanien|spanisch", "Espagne|espagnol"),
    "LKA": ("LK", "Sri Lanka|Democratic Socialist Republic of Sri Lanka|Ceylon", "Sri Lankan", "Colombo", "Sri Lanka", "Sri Lanka", "Sri Lanka"),
    "SDN": ("SD", "Sudan|Republic of the Sudan|Republic of Sudan", "Sudanese", "Khartoum", "Sudán", "Sudan", "Soudan"),
    "SUR": ("SR", "Suriname|Surinam|Republic of Suriname", "Surinamese", "Paramaribo", "Surinam", "Suriname", "Suriname"),
    "SWE": ("SE", "Sweden|Kingdom of Sweden", "Swedish|Swede", "Stockholm", "Suecia|sueco", "Schweden|schwedisch", "Suède|suédois"),
    "CHE": ("CH", "Switzerland|Swiss Confederation", "Swiss", "Bern|Berne", "Suiza|suizo|Berna", "Schweiz|schweizerisch|Schweizer", "Suisse|suisse"),
    "SYR": ("SY", "Syria|Syrian Arab Republic", "Syrian", "Damascus", "Siria|sirio|Damasco", "Syrien|syrisch|Damaskus", "Syrie|syrien|Damas"),
    "TJK": ("TJ", "Tajikistan|Republic of Tajikistan", "Tajik|Tajikistani", "Dushanbe", "Tayikistán", "Tadschikistan", "Tadjikistan"),
    "TZA": ("TZ", "Tanzania|United Republic of Tanzania", "Tanzanian", "Dodoma", "Tanzania", "Tansania", "Tanzanie"),
    "THA": ("TH", "Thailand|Kingdom of Thailand", "Thai", "Bangkok", "Tailandia", "Thailand", "Thaïlande"),
    "TLS": ("TL", "Timor-Leste|East Timor|Democratic Republic of Timor-Leste", "Timorese", "Dili", "Timor Oriental", "Osttimor|Timor-Leste", "Timor oriental"),
    "TGO": ("TG", "Togo|Togolese Republic", "Togolese", "Lomé", "Togo", "Togo", "Togo"),
    "TON": ("TO", "Tonga|Kingdom of Tonga", "Tongan", "Nuku'alofa", "Tonga", "Tonga", "Tonga"),
    "TTO": ("TT", "Trinidad and Tobago|Trinidad", "Trinidadian|Tobagonian", "Port of Spain", "Trinidad y Tobago", "Trinidad und Tobago", "Trinité-et-Tobago"),
    "TUN": ("TN", "Tunisia|Tunisian Republic", "Tunisian", "Tunis", "Túnez|tunecino", "Tunesien|tunesisch", "Tunisie|tunisien"),
    "TUR": ("TR", "Türkiye|Turkey|Republic of Türkiye", "Turkish|Turk", "Ankara", "Turquía|turco", "Türkei|türkisch", "Turquie|turc"),
    "TKM": ("TM", "Turkmenistan", "Turkmen", "Ashgabat", "Turkmenistán", "Turkmenistan", "Turkménistan"),
    "TUV": ("TV", "Tuvalu", "Tuvaluan", "Funafuti", "Tuvalu", "Tuvalu", "Tuvalu"),
    "UGA": ("UG", "Uganda|Republic of Uganda", "Ugandan", "Kampala", "Uganda", "Uganda", "Ouganda"),
    "UKR": ("UA", "Ukraine", "Ukrainian", "Kyiv|Kiev", "Ucrania|ucraniano|Kiev", "Ukraine|ukrainisch|Ukrainer|Kiew", "Ukraine|ukrainien|Kiev|Kyiv"),
    "ARE": ("AE", "United Arab Emirates|UAE|~Emirates", "Emirati", "Abu Dhabi", "Emiratos Árabes Unidos|EAU|emiratí", "Vereinigte Arabische Emirate|Vereinigten Arabischen Emiraten|VAE", "Émirats arabes unis|EAU|émirien|émirati"),
    "GBR": ("GB", "United Kingdom|UK|U.K.|Britain|Great Britain|United Kingdom of Great Britain and Northern Ireland", "British|Briton|Brit", "London|Downing Street", "Reino Unido|Gran Bretaña|británico|Londres", "Vereinigtes Königreich|Großbritannien|britisch|Briten|London", "Royaume-Uni|Grande-Bretagne|britannique|Londres"),
    "USA": ("US", "United States|United States of America|US|U.S.|USA|U.S.A.|America", "American", "Washington", "Estados Unidos|Estados Unidos de América|EE.UU.|EE. UU.|EEUU|estadounidense|norteamericano", "Vereinigte Staaten|Vereinigte Staaten von Amerika|USA|Amerika|amerikanisch|US-amerikanisch|Amerikaner", "États-Unis|États-Unis d'Amérique|américain|étatsunien"),
    "URY": ("UY", "Uruguay|Oriental Republic of Uruguay", "Uruguayan", "Montevideo", "Uruguay|uruguayo", "Uruguay", "Uruguay"),
    "UZB": ("UZ", "Uzbekistan|Republic of Uzbekistan", "Uzbek|Uzbekistani", "Tashkent", "Uzbekistán", "Usbekistan", "Ouzbékistan"),
    "VUT": ("VU", "Vanuatu|Republic of Vanuatu", "Ni-Vanuatu", "Port Vila", "Vanuatu", "Vanuatu", "Vanuatu"),
    "VEN": ("VE", "Venezuela|Bolivarian Republic of Venezuela|Venezuela (Bolivarian Republic of)", "Venezuelan", "Caracas", "Venezuela|venezolano", "Venezuela|venezolanisch", "Venezuela|vénézuélien"),
    "VNM": ("VN", "Viet Nam|Vietnam|Socialist Republic of Viet Nam", "Vietnamese", "Hanoi", "Vietnam", "Vietnam", "Viêt Nam|Vietnam|vietnamien"),
    "YEM": ("YE", "Yemen|Republic of Yemen", "Yemeni", "Sanaa|Sana'a", "Yemen", "Jemen", "Yémen"),
    "ZMB": ("ZM", "Zambia|Republic of Zambia", "Zambian", "Lusaka", "Zambia", "Sambia", "Zambie"),
    "ZWE": ("ZW", "Zimbabwe|Republic of Zimbabwe", "Zimbabwean", "Harare", "Zimbabue", "Simbabwe", "Zimbabwe"),
    # Observers and non-members that vote-news names as if they were states.
    "PSE": ("PS", "Palestine|State of Palestine|Occupied Palestinian Territory|Palestinian territories", "Palestinian", "", "Palestina|Estado de Palestina|palestino", "Palästina|Staat Palästina|palästinensisch|Palästinenser", "Palestine|État de Palestine|palestinien"),
    "VAT": ("VA", "Holy See|Vatican|Vatican City", "", "", "Santa Sede|Vaticano", "Heiliger Stuhl|Vatikan", "Saint-Siège|Vatican"),
    "TWN": ("TW", "Taiwan|Republic of China|Chinese Taipei", "Taiwanese", "Taipei", "Taiwán", "Taiwan|taiwanisch", "Taïwan|taïwanais"),
    "XKX": ("XK", "Kosovo|Republic of Kosovo", "Kosovar|Kosovan", "Pristina|Prishtina", "Kosovo", "Kosovo", "Kosovo"),
}

# Never a country: ambiguous between two states, a territory (see the module docstring), or a
# phrase whose country name means something else. Matched in free text only to swallow it.
_NOT_COUNTRIES = (
    "Korea|Korean|Koreans|Corea|coreano|koreanisch|Corée|coréen"
    "|Congo|Congolese|Kongo|kongolesisch|congoleño|congolais"
    "|Gaza|Gaza Strip|West Bank|East Jerusalem|Franja de Gaza|Cisjordania|Jerusalén Este"
    "|Gazastreifen|Westjordanland|Ostjerusalem|bande de Gaza|Cisjordanie|Jérusalem-Est"
    "|United Nations|Naciones Unidas|Vereinte Nationen|Vereinten Nationen|Nations unies"
    "|European Union|Unión Europea|Europäische Union|Europäischen Union|Union européenne"
    "|Washington Post|Washington Times|Washington State|Washington state|Washington Consensus|George Washington"
    "|Latin America|South America|North America|Central America|Latin American|South American"
    "|North American|Central American|Native American|African American|American Samoa"
    "|Inter-American|Pan-American|Pan American|Organization of American States"
    "|Northern Ireland|Irlanda del Norte|Nordirland|Irlande du Nord|Northern Irish"
    "|New Mexico|Nuevo México|Gulf of Mexico|Golfo de México|New Guinea|Indian Ocean|Persian Gulf"
    "|Niger Delta|South China Sea|East China Sea|Turks and Caicos|British Virgin Islands"
    "|British Columbia|Northern Cyprus|Turkish Republic of Northern Cyprus"
    "|Islamic State of Iraq|Islamic State of Iraq and the Levant|Islamic State of Iraq and Syria"
    "|Rome Statute|Paris Agreement|Paris Climate Agreement|Oslo Accords|Minsk agreements"
    "|Deutsche Welle|Deutsche Bank|Deutsche Presse-Agentur|Deutsche Bahn"
)

_ARTICLE = re.compile(r"^(?:(?:the|el|la|los|las|lo|die|der|das|den|dem|des|le|les)\s+|l['’])", re.I)
_SEP = r"[\s\-‐‑]+"  # a space in a name matches any run of spaces or hyphens, and vice versa


def _fold(s: str) -> str:
    """Accents off (ß -> ss via casefold), lower case."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).casefold()


def _strip_accents(s: str) -> str:
    return unicodedata.normalize("NFC", "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)))


def _clean(name: str) -> str:
    """Case kept: quotes, article, possessive, dots and separators off."""
    s = " ".join(name.replace("’", "'").replace("‘", "'").split()).strip(" \"'“”,;:")
    s = _ARTICLE.sub("", s)
    s = re.sub(r"'s?$", "", s).replace(".", "")
    return " ".join(re.sub(r"[-‐‑,()]", " ", s).split())


def _key(name: str) -> str:
    return _fold(_clean(name)).replace("'", "")


def _is_abbreviation(alias: str) -> bool:
    compact = alias.replace(".", "").replace(" ", "")
    return len(compact) <= 5 and compact.isalpha() and compact.isupper()


def _surface(s: str) -> str:
    """How a matched span is looked up: apostrophes and separators made uniform."""
    return re.sub(r"[\s\-‐‑]+", " ", s.replace("’", "'").replace("‘", "'"))


def _inflect(alias: str, lang: str) -> list[str]:
    """Generated forms of one alias: plurals, adjective endings, German genitive/dative."""
    out = []
    if lang == "en-demonym" and not alias.endswith(("s", "sh", "ch", "se", "x", "z", "man", "men")):
        out.append(alias + "s")
    elif lang == "de" and alias.endswith("sch"):  # russisch, US-amerikanisch
        out += [alias + e for e in ("e", "en", "er", "es", "em")]
    elif alias[:1].islower():  # a Spanish or French adjective
        if lang == "es":
            if alias.endswith("o"):
                out += [alias[:-1] + e for e in ("a", "os", "as")]
            elif alias.endswith(("a", "e", "í")):
                out += [alias + "s"] + ([alias + "es"] if alias.endswith("í") else [])
            elif alias[-2:] in ("án", "én", "ín", "ón", "és"):
                out += [_strip_accents(alias) + e for e in ("a", "es", "as")]
            elif alias.endswith(("l", "r", "n", "s")):
                out += [alias + e for e in ("a", "es", "as")]
        elif lang == "fr":
            if alias.endswith("e"):
                out.append(alias + "s")
            elif alias.endswith("en"):
                out += [alias + e for e in ("ne", "s", "nes")]
            elif alias.endswith(("ais", "ois")):
                out += [alias + e for e in ("e", "es")]
            else:
                out += [alias + e for e in ("e", "s", "es")]
    elif lang == "de" and not _is_abbreviation(alias):
        words = alias.split(" ")
        if len(words) == 1 and not alias.endswith(("s", "x", "z", "ß")):
            out.append(alias + "s")  # Russlands, Deutschlands
        elif len(words) > 1:  # die Vereinigten Staaten, im Vereinigten Königreich(s)
            head = [re.sub(r"(?:e|es|er)$", "en", w) if w[:1].isupper() else w for w in words[:-1]]
            if head != words[:-1]:
                out += [" ".join(head + words[-1:]), " ".join(head + words[-1:]) + "s"]
    if alias.startswith("Saint "):
        out += ["St. " + alias[6:], "St " + alias[6:]]
    return out


def _build() -> tuple[dict[str, str | None], dict[str, str], dict[str, str | None], re.Pattern[str]]:
    names: dict[str, str | None] = {}     # folded key -> ISO3, None when ambiguous
    codes: dict[str, str] = {}            # upper-case code or abbreviation -> ISO3
    surfaces: dict[str, str | None] = {}  # exact surface form -> ISO3 (None: blocker)
    normalise_only: set[str] = set()       # "~" forms: normalise() only

    def put(table: dict, key: str, code: str | None, explicit: bool) -> None:
        if key not in table:
            table[key] = code
        elif table[key] != code and explicit:
            table[key] = None  # two countries claim the same name: ambiguous

    generated: list[tuple[str, str, bool]] = []
    for iso3, (iso2, *fields) in _COUNTRIES.items():
        codes[iso3] = codes[iso2] = iso3
        for lang, field in zip(("en", "en-demonym", "en", "es", "de", "fr"), fields):
            for alias in filter(None, field.split("|")):
                hidden = alias.startswith("~")
                alias = alias.lstrip("~")
                if _is_abbreviation(alias):
                    codes[alias.replace(".", "").replace(" ", "")] = iso3
                    surfaces[_surface(alias)] = iso3
                    continue
                forms = [alias] + _inflect(alias, lang)
                for i, form in enumerate(forms):
                    generated.append((form, iso3, i == 0))
                    if hidden:
                        normalise_only.add(form)
    proper = {_strip_accents(form) for form, _, explicit in generated if explicit and form[0].isupper()}
    for form, iso3, explicit in sorted(generated, key=lambda g: not g[2]):  # explicit aliases first
        put(names, _key(form), iso3, explicit)
        if form in normalise_only:
            continue
        variants = {form, _strip_accents(form), form[0].upper() + form[1:]}
        if _strip_accents(form[0].upper() + form[1:]) in proper:  # Spanish "china" is English china
            variants = {v for v in variants if v[0].isupper()}
        for variant in variants:
            put(surfaces, _surface(variant), iso3, explicit)
            put(surfaces, _surface(_strip_accents(variant[0].upper() + variant[1:])), iso3, explicit)
    for blocker in _NOT_COUNTRIES.split("|"):
        names[_key(blocker)] = None
        for variant in {blocker, _strip_accents(blocker), blocker[0].upper() + blocker[1:]}:
            surfaces[_surface(variant)] = None
    return names, codes, surfaces, _trie_regex(surfaces)


def _trie_regex(words) -> re.Pattern[str]:
    """One alternation as a character trie; greedy optional tails make it longest-first."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def char(c: str) -> str:
        return _SEP if c == " " else "['’‘]" if c == "'" else re.escape(c)

    def emit(node: dict) -> str:
        alts = [char(c) + emit(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return re.compile(r"(?<!\w)" + emit(trie) + r"(?!\w)")


_NAMES, _CODES, _SURFACES, _PATTERN = _build()


_DEMONYMS = {alias.lstrip("~") for _, (_, _, demonyms, *_) in _COUNTRIES.items() for alias in demonyms.split("|") if alias}


def is_adjective(surface: str) -> bool:
    """A demonym or a lower-case adjective ("Ukrainian draft", "estadounidense"): it qualifies, it does not act."""
    return surface in _DEMONYMS or surface[:1].islower()


def normalise(name: str) -> str | None:
    """ISO3 code for a country name, demonym, capital or code; None if not (exactly) one country."""
    if not isinstance(name, str):
        return None
    cleaned = _clean(name)
    compact = cleaned.replace(" ", "")
    if compact.isupper() and compact in _CODES:
        return _CODES[compact]
    return _NAMES.get(_fold(cleaned).replace("'", ""))


def mentions(text: str) -> list[tuple[int, int, str]]:
    """Every country mention in ``text`` as (start, end, ISO3), leftmost-longest, in order."""
    found = []
    for m in _PATTERN.finditer(text):
        code = _SURFACES.get(_surface(m.group()))
        if code:
            found.append((m.start(), m.end(), code))
    return found
