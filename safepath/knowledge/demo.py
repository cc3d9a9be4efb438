# ruff: noqa: E501 - each line of an article's text is a paragraph or a list
# item as readers see it (a line break is kept on the page), so it cannot wrap.
"""Five starter articles for a migrant resource centre in Ömnögovi, written
through the services.

They give general advice only. Rules, fees and offices change: the articles
send people to the official Labour and Welfare Service office and to embassies
for anything specific, and no phone number is invented (102 is the police's
national number; the programme's hotline is "the number on this centre's
poster")."""

from safepath.knowledge.models import Article, Topic
from safepath.knowledge.services import article_create
from safepath.organisations.models import Organisation

JOB_OFFER = {
    "topic": Topic.RECRUITMENT_AGENCIES,
    "title_mn": "Гадаадад ажиллах санал жинхэнэ эсэхийг хэрхэн шалгах вэ",
    "body_mn": """\
Гадаадад мөлжлөгт өртсөн олон хүн эхэндээ сайхан мэт санагдсан ажлын саналыг хүлээн авсан байдаг. Гадаадад ажиллахаар зөвшөөрөхөөсөө өмнө саналыг сайтар шалгаарай.

Хуурамч эсвэл аюултай саналын шинж тэмдэг:
- Ажилд орохын тулд төлбөр төлөхийг, эсвэл виз, онгоцны тийзний мөнгийг зуучлагчаас зээлэхийг шаардах.
- Паспорт, иргэний үнэмлэхийг тань «хадгалж өгье» гэх.
- Бичгээр байгуулсан гэрээ байхгүй, гэрээ нь таны ойлгохгүй хэлээр бичигдсэн, эсвэл «очсоны дараа гэрээ байгуулна» гэх.
- Ажил олгогчийн нэр, ажлын байрны хаяг, ажлын төрөл тодорхойгүй, эсвэл байнга өөрчлөгддөг.
- Туршлага шаардахгүй атлаа цалин нь ердийнхөөс хэт өндөр.
- Ажиллахын тулд жуулчны эсвэл оюутны визээр явахыг зөвлөх.
- Гэр бүлдээ хэлэлгүй нууцлахыг шаардах.

Явахаасаа өмнө ажил олгогчийн бүтэн нэр, хаягийг мэдэж, өөрийн ойлгох хэлээр бичсэн гэрээтэй болоорой. Паспорт, гэрээнийхээ хуулбарыг гэр бүлдээ үлдээгээрэй. Саналыг хамтдаа шалгахын тулд манай төвд хандаарай.""",
    "title_en": "Is this job offer abroad real? Warning signs",
    "body_en": """\
Many people who were exploited abroad first said yes to an offer that looked good. Before you accept a job abroad, check the offer carefully.

Warning signs of a fake or dangerous offer:
- You are asked to pay a fee to get the job, or to borrow the money for the visa or the plane ticket from the recruiter.
- Someone offers to "keep your passport or ID safe" for you.
- There is no written contract, the contract is in a language you cannot read, or you are told you will sign it after you arrive.
- The employer's name, the address of the workplace or the kind of work is vague, or keeps changing.
- The pay is much higher than usual for the work, and no experience is needed.
- You are told to travel on a tourist or student visa to work.
- You are asked to keep it secret from your family.

Before you leave, get the employer's full name and address and a written contract in a language you understand. Leave copies of your passport and contract with your family. Come to the centre and we will check the offer with you.""",
    "title_fr": "Une offre d'emploi à l'étranger : les signes qui doivent alerter",
    "body_fr": """\
Beaucoup de personnes exploitées à l'étranger avaient d'abord accepté une offre qui semblait intéressante. Avant d'accepter un emploi à l'étranger, vérifiez l'offre avec soin.

Signes d'une offre fausse ou dangereuse :
- On vous demande de payer pour obtenir l'emploi, ou d'emprunter au recruteur l'argent du visa ou du billet d'avion.
- Quelqu'un propose de « garder votre passeport ou votre carte d'identité en sécurité ».
- Il n'y a pas de contrat écrit, le contrat est dans une langue que vous ne lisez pas, ou on vous dit que vous le signerez à l'arrivée.
- Le nom de l'employeur, l'adresse du lieu de travail ou le type de travail restent flous, ou changent.
- Le salaire est bien plus élevé que d'habitude pour ce travail, sans expérience demandée.
- On vous conseille de partir avec un visa touristique ou étudiant pour travailler.
- On vous demande de ne rien dire à votre famille.

Avant de partir, obtenez le nom complet et l'adresse de l'employeur et un contrat écrit dans une langue que vous comprenez. Laissez une copie de votre passeport et du contrat à votre famille. Venez au centre : nous vérifierons l'offre avec vous.""",
}

VISAS = {
    "topic": Topic.VISAS,
    "title_mn": "Гадаадад хууль ёсоор ажиллах: виз ба ажиллах зөвшөөрөл",
    "body_mn": """\
Гадаад улсад ажиллахын тулд тухайн улсад ажиллах эрхтэй байх ёстой. Ихэвчлэн тухайн ажилд зориулан олгосон ажлын виз болон ажиллах зөвшөөрөл шаардлагатай. Жуулчны виз, оюутны виз, визгүй зорчих эрх нь ажиллах эрх олгодоггүй. Зохих бичиг баримтгүй ажилласан хүн торгуулах, саатуулагдах, албадан гаргагдах эрсдэлтэй бөгөөд мөлжлөгт өртөх магадлал өндөр.

БНСУ (Өмнөд Солонгос): Монгол Улсын иргэд хууль ёсоор ажиллах гол зам нь хоёр улсын Засгийн газрын хооронд хэрэгжүүлдэг Хөдөлмөрийн зөвшөөрлийн систем (EPS) юм. Бүртгэл, солонгос хэлний шалгалт, ажлын байрны сонголт нь хувийн зуучлагчаар бус, төрийн хөдөлмөрийн байгууллагаар дамжин явагддаг. Мөнгө төлбөл хөтөлбөрт оруулна гэж амлаж байгаа хүн үнэнийг хэлэхгүй байна.

Хятад болон бусад улс: журам нь улс орон, ажлын төрлөөс хамаардаг бөгөөд өөрчлөгддөг. Мөнгө төлөх, аливаа бичигт гарын үсэг зурахаасаа өмнө тухайн улсын элчин сайдын яам, консулын газар эсвэл Хөдөлмөр, халамжийн үйлчилгээний газраас лавлаарай.

Паспортоо үргэлж өөртөө хадгалж, ажил олгогч, зуучлагчид бүү үлдээгээрэй. Паспорт, виз, гэрээнийхээ хуулбарыг хийж, нэг хувийг гэр бүлдээ үлдээгээрэй.""",
    "title_en": "Working abroad legally: visas and work permits",
    "body_en": """\
To work in another country you need the right to work there: usually a work visa and a work permit issued for that job. A tourist visa, a student visa or a visa-free entry does not give you the right to work. People who work without the right papers can be fined, detained or deported, and they are easier to exploit.

South Korea: the main legal way for Mongolian citizens to work there is the Employment Permit System (EPS), run by the two governments together. Registration, the Korean language test and the matching with employers go through the state labour service, not through private agents. Anyone who promises you a place in the programme for money is not telling the truth.

China and other countries: the rules depend on the country and the kind of work, and they change. Before you pay anything or sign anything, ask the country's embassy or consulate, or the Labour and Welfare Service office.

Always keep your passport yourself: do not leave it with an employer or an agent. Make copies of your passport, visa and contract, and leave one set with your family.""",
    "title_fr": "Travailler légalement à l'étranger : visas et permis de travail",
    "body_fr": """\
Pour travailler dans un autre pays, il faut en avoir le droit : en général un visa de travail et un permis de travail délivrés pour cet emploi. Un visa touristique, un visa étudiant ou une entrée sans visa ne donnent pas le droit de travailler. Une personne qui travaille sans les bons papiers risque une amende, la détention ou l'expulsion, et elle est plus facile à exploiter.

Corée du Sud : pour les citoyens mongols, la principale voie légale est le système de permis de travail (EPS), organisé par les deux gouvernements. L'inscription, le test de coréen et la mise en relation avec les employeurs passent par le service public de l'emploi, pas par des agents privés. Quelqu'un qui vous promet une place dans le programme contre de l'argent ne dit pas la vérité.

Chine et autres pays : les règles dépendent du pays et du type de travail, et elles changent. Avant de payer ou de signer quoi que ce soit, renseignez-vous auprès de l'ambassade ou du consulat du pays, ou du bureau du Service du travail et de la protection sociale.

Gardez toujours votre passeport vous-même : ne le laissez ni à un employeur ni à un agent. Faites des copies de votre passeport, de votre visa et de votre contrat, et laissez-en un jeu à votre famille.""",
}

AGENCY = {
    "topic": Topic.RECRUITMENT_AGENCIES,
    "title_mn": "Хөдөлмөр зуучлалын байгууллагыг хэрхэн шалгах вэ",
    "body_mn": """\
Монгол Улсад иргэдийг гадаадад ажилд зуучлах байгууллага нь хөдөлмөрийн асуудал эрхэлсэн төрийн байгууллагаас олгосон тусгай зөвшөөрөлтэй байх ёстой. Тусгай зөвшөөрөлтэй байгууллагаар дамжвал асуудал гарсан үед гомдлоо гаргах газартай байна.

Гарын үсэг зурах, мөнгө төлөхөөсөө өмнө:
- Тусгай зөвшөөрлийг нь үзүүлэхийг хүсэж, компанийн бүтэн нэр, регистрийн дугаар, хаягийг тэмдэглэж аваарай.
- Тусгай зөвшөөрөл жинхэнэ, хүчинтэй эсэхийг Хөдөлмөр, халамжийн үйлчилгээний газраас лавлаарай.
- Зөвхөн зуучлагчтай байгуулах гэрээ бус, гадаадын ажил олгогчтой байгуулах хөдөлмөрийн гэрээг шаардаарай. Гарын үсэг зурахаасаа өмнө уншиж, хуулбарыг нь хадгалаарай.
- Ямар төлбөр, юуны төлөө төлөхийг асууж, төлбөр бүрийн баримт аваарай. Их хэмжээний мөнгийг бэлнээр эсвэл баримтгүйгээр авахыг хүссэн хүнээс болгоомжлоорой.
- Оффисгүй, зөвхөн олон нийтийн сүлжээ эсвэл утсаар харилцдаг зуучлагчаас болгоомжлоорой.

Зуучлагч таныг төөрөгдүүлсэн, бичиг баримтыг тань авсан, эсвэл амласнаараа ажилд явуулаагүй бол баримт, мессежүүдээ хадгалаад манай төвд хандаарай. Гомдол гаргахад тань тусална.""",
    "title_en": "Checking a recruitment agency",
    "body_en": """\
In Mongolia, an agency that places workers in jobs abroad must hold a licence (special permit) from the state labour authority. Going through a licensed agency gives you somewhere to complain if something goes wrong.

Before you sign or pay:
- Ask to see the licence, and write down the company's full name, registration number and address.
- Check with the Labour and Welfare Service office that the licence is real and still valid.
- Ask for the employment contract with the employer abroad, not only a contract with the agency. Read it before you sign, and keep a copy.
- Ask which fees you must pay and what for, and get a receipt for every payment. Be careful with anyone who wants large amounts in cash or without a receipt.
- Be careful with agents who have no office and work only through social media or a phone number.

If an agency misled you, kept your documents or did not send you as promised, keep the receipts and messages and come to the centre. We will help you make a complaint.""",
    "title_fr": "Vérifier une agence de recrutement",
    "body_fr": """\
En Mongolie, une agence qui place des travailleurs à l'étranger doit détenir une licence (autorisation spéciale) de l'autorité publique chargée du travail. Passer par une agence agréée vous donne un recours si quelque chose se passe mal.

Avant de signer ou de payer :
- Demandez à voir la licence et notez le nom complet de la société, son numéro d'enregistrement et son adresse.
- Vérifiez auprès du bureau du Service du travail et de la protection sociale que la licence est authentique et toujours valable.
- Demandez le contrat de travail avec l'employeur à l'étranger, pas seulement un contrat avec l'agence. Lisez-le avant de signer et gardez-en une copie.
- Demandez quels frais vous devez payer et pour quoi, et exigez un reçu pour chaque paiement. Méfiez-vous de quiconque réclame de grosses sommes en liquide ou sans reçu.
- Méfiez-vous des agents sans bureau, joignables seulement par les réseaux sociaux ou par téléphone.

Si une agence vous a trompé, a gardé vos papiers ou ne vous a pas fait partir comme promis, gardez les reçus et les messages et venez au centre. Nous vous aiderons à porter plainte.""",
}

RIGHTS = {
    "topic": Topic.LABOUR_RIGHTS,
    "title_mn": "Ажлын байран дахь таны эрх",
    "body_mn": """\
Хаана ч ажилласан та эрхтэй. Нарийвчилсан зүйл нь тухайн улсын хуулиас хамаарна, гэхдээ бараг бүх улсад:

- Та өөрийн ойлгох хэлээр бичсэн хөдөлмөрийн гэрээтэй байх, түүний хувийг авах эрхтэй.
- Тохиролцсон цалингаа хугацаанд нь авах ёстой. Таныг явуулахгүйн тулд цалинг тань саатуулж болохгүй. Хэн ч таныг байнга өсдөг өрийг төлүүлэхээр албадан ажиллуулж болохгүй.
- Паспорт, иргэний үнэмлэх бол таных. Таны зөвшөөрөлгүйгээр түүнийг хураан авах нь албадан хөдөлмөрийн шинж тэмдэг бөгөөд олон оронд хууль бус үйлдэл юм.
- Та амралтын өдөртэй байх, аюулгүй нөхцөлд ажиллах, гэмтэл авбал эмнэлгийн тусламж авах эрхтэй.
- Та ажлаасаа гарах, гэр бүл, элчин сайдын яам болон хүссэн хүнтэйгээ холбогдох эрхтэй.
- Хэн ч таныг айлган сүрдүүлэх, түгжиж хорих, таныг болон гэр бүлийг тань хохироох эрхгүй.

Эдгээр эрх зөрчигдвөл болсон явдлыг (огноо, нэр, газар, мөнгөн дүн) тэмдэглэж, бичиг баримтынхаа зургийг утсандаа хадгалаад Монгол Улсын элчин сайдын яам эсвэл манай төвтэй холбогдоорой.""",
    "title_en": "Your rights at work abroad",
    "body_en": """\
Wherever you work, you have rights. The details depend on the country's law, but almost everywhere:

- You have the right to a written employment contract in a language you understand, and to your own copy of it.
- You must be paid the wage agreed, on time. Your pay may not be held back to stop you leaving. No one may make you work to pay off a debt that keeps growing.
- Your passport and ID belong to you. Taking them away against your will is a sign of forced labour and is against the law in many countries.
- You have the right to rest days, to safe working conditions and to medical care if you are hurt.
- You are free to leave your job and to contact your family, your embassy and anyone you choose.
- No one may threaten you, lock you in, or harm you or your family.

If these rights are not respected, write down what happens (dates, names, places, amounts), keep photos of your documents on your phone, and contact the Mongolian embassy or the centre.""",
    "title_fr": "Vos droits au travail à l'étranger",
    "body_fr": """\
Où que vous travailliez, vous avez des droits. Le détail dépend de la loi du pays, mais presque partout :

- Vous avez droit à un contrat de travail écrit dans une langue que vous comprenez, et à votre propre exemplaire.
- Vous devez recevoir le salaire convenu, à temps. On ne peut pas retenir votre salaire pour vous empêcher de partir. Personne ne peut vous faire travailler pour rembourser une dette qui ne cesse de grossir.
- Votre passeport et vos papiers d'identité vous appartiennent. Vous les confisquer contre votre gré est un signe de travail forcé et c'est interdit dans de nombreux pays.
- Vous avez droit à des jours de repos, à des conditions de travail sûres et à des soins si vous êtes blessé.
- Vous êtes libre de quitter votre emploi et de contacter votre famille, votre ambassade et qui vous voulez.
- Personne n'a le droit de vous menacer, de vous enfermer, ni de vous faire du mal, à vous ou à votre famille.

Si ces droits ne sont pas respectés, notez ce qui se passe (dates, noms, lieux, montants), gardez des photos de vos papiers dans votre téléphone et contactez l'ambassade de Mongolie ou le centre.""",
}

HELP = {
    "topic": Topic.WHERE_TO_GET_HELP,
    "title_mn": "Хаанаас тусламж авах вэ",
    "body_mn": """\
Та ганцаараа биш. Тусламж үнэ төлбөргүй бөгөөд нууцлалтай.

- Яг одоо аюулд байгаа бол цагдаагийн 102 дугаарт залгаарай.
- Манай төв: ажлын санал, зуучлагч, гэрээгээ шалгуулах, эсвэл өөрт болон таньдаг хүнд тань тохиолдсон явдлын талаар ярилцахаар ажлын цагаар ирээрэй. Цагдаа, эмч, хуульчтай холбогдоход тань тусална.
- Хөтөлбөрийн утасны шугам: энэ төвийн зурагт хуудсан дээрх дугаарт залгаарай. Өөрийнхөө төлөө ч, гадаадад байгаа гэр бүлийн гишүүнийхээ төлөө ч залгаж болно. Нэрээ хэлэх албагүй.
- Гадаадад байхдаа: тухайн улс дахь Монгол Улсын элчин сайдын яам, консулын газарт хандаарай. Паспортоо гээсэн эсвэл хураалгасан, эх орондоо буцах шаардлагатай бол тусална.
- Хөдөлмөрийн асуудлаар: аймгийн Хөдөлмөр, халамжийн үйлчилгээний газар гадаадад ажиллах болон тусгай зөвшөөрөлтэй зуучлагчийн талаарх асуултад хариулна.

Гэр бүлийн гишүүн эсвэл найзаа өөрийн өмнөөс асуулгаж болно.""",
    "title_en": "Where to get help",
    "body_en": """\
You are not alone. Help is free and confidential.

- In danger now: call the police on 102.
- This centre: come in during opening hours to have a job offer, an agency or a contract checked, or to talk about what happened to you or to someone you know. We can help you reach the police, a doctor or a lawyer.
- The programme's hotline: call the number on this centre's poster. You can call for yourself or for a family member abroad, and you do not have to give your name.
- When abroad: contact the Mongolian embassy or consulate in that country. They help when a passport is lost or taken away, and with returning home.
- Questions about work: the aimag's Labour and Welfare Service office answers questions about working abroad and about licensed agencies.

You can also send a family member or a friend to ask for you.""",
    "title_fr": "Où trouver de l'aide",
    "body_fr": """\
Vous n'êtes pas seul. L'aide est gratuite et confidentielle.

- En danger immédiat : appelez la police au 102.
- Ce centre : venez aux heures d'ouverture pour faire vérifier une offre d'emploi, une agence ou un contrat, ou pour parler de ce qui vous est arrivé, à vous ou à un proche. Nous pouvons vous aider à joindre la police, un médecin ou un avocat.
- La ligne d'écoute du programme : appelez le numéro indiqué sur l'affiche de ce centre. Vous pouvez appeler pour vous-même ou pour un membre de votre famille à l'étranger, sans donner votre nom.
- À l'étranger : contactez l'ambassade ou le consulat de Mongolie dans le pays. Ils aident en cas de passeport perdu ou confisqué, et pour rentrer au pays.
- Questions sur le travail : le bureau du Service du travail et de la protection sociale de l'aïmag répond aux questions sur le travail à l'étranger et sur les agences agréées.

Vous pouvez aussi envoyer un membre de votre famille ou un ami se renseigner pour vous.""",
}

ARTICLES = [JOB_OFFER, VISAS, AGENCY, RIGHTS, HELP]


def knowledge_demo_seed(*, organisation: Organisation) -> list[Article]:
    """Write the starter articles into the organisation's knowledge base,
    marked for the public pages too: they speak to migrants themselves."""
    return [
        article_create(
            article=Article(organisation=organisation, is_public=True, **fields),
            actor=None,
        )
        for fields in ARTICLES
    ]
