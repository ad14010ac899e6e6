"""Concepts of local social policy, in Italian and English: the words and phrases by which
people name each one. Two notes that name one concept are about one thing even when they
share no word ("anziani soli", "nonni che non escono di casa", "la terza età").

Written for World Cafés on the life of a territory (services, work, housing, environment,
participation, evaluation); docs/themes.md says how it was written and checked. A pattern is
a word ("bus"), a stem ending in "*" ("anzian*": anziano, anziani, anziana), or a phrase with
"_" between words ("terza_età", "fine_mese"). Patterns match accent-free, lower-case text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """A concept: its labels (a full one, 2-4 words, and a short one for "X e Y") in each
    language, and the patterns that name it."""

    key: str
    label: dict[str, str]
    short: dict[str, str]
    patterns: tuple[str, ...]


def _concept(key: str, it: tuple[str, str], en: tuple[str, str], patterns: str) -> Concept:
    return Concept(
        key, {"it": it[0], "en": en[0]}, {"it": it[1], "en": en[1]}, tuple(patterns.split())
    )


CONCEPTS = (
    _concept(
        "elderly",
        ("Anziani e terza età", "anziani"),
        ("Older people", "older people"),
        "anzian* nonn* vecchi vecchiett* vecchiaia terza_età quarta_età over_70 over_80 "
        "over_65 ultraottantenn* ottantenn* novantenn* pensionat* rsa casa_di_riposo "
        "case_di_riposo badant* longev* elderly older_people old_people grandparent* "
        "pensioner* senior*",
    ),
    _concept(
        "loneliness",
        ("Solitudine e isolamento", "isolamento"),
        ("Loneliness and isolation", "isolation"),
        "solitudin* isolament* isolat* soli vive_da_solo vive_da_sola vivono_da_soli "
        "vivono_da_sole sole_in_casa abbandonat* nessuno_passa parlano_solo non_escono "
        "escono_di_casa chiusi_in_casa compagnia lonely loneliness alone isolation isolated",
    ),
    _concept(
        "youth",
        ("Giovani e ragazzi", "giovani"),
        ("Young people", "young people"),
        "giovan* ragazz* under_30 under_35 ventenn* trentenn* adolescent* neolaureat* laureat* "
        "figli young youth teenager*",
    ),
    _concept(
        "jobs",
        ("Lavoro e occupazione", "lavoro"),
        ("Work and jobs", "jobs"),
        "lavor* occupazion* impieg* disoccupa* stage apprendistat* tirocin* turni precari* "
        "contratt* carriera professional* job jobs employment unemploy* work",
    ),
    _concept(
        "leaving",
        ("Chi parte e chi resta", "emigrazione"),
        ("People leaving the area", "people leaving"),
        "emigr* fuga_dei_cervelli cervelli talent* se_ne_vanno vanno_via partono andarsene "
        "trasferit* restano restare rimanere trattener* londra brain_drain leave leaving",
    ),
    _concept(
        "transport",
        ("Trasporti e mobilità", "trasporti"),
        ("Transport and getting around", "transport"),
        "trasport* autobus bus corrier* pullman navett* macchina auto automobil* patente "
        "non_guida guidare mezzi_pubblici ciclabil* bici* mobilit* collegament* treno treni "
        "fermat* spostar* muoversi tragitt* car cars drive driving bus buses transport train*",
    ),
    _concept(
        "safety",
        ("Sicurezza nei paesi", "sicurezza"),
        ("Safety", "safety"),
        "sicurezza sicuri sicuro insicur* furt* ladri ladro illuminazion* spaccio vigil* "
        "polizia carabinier* degrado criminal* vandal* safety crime police",
    ),
    _concept(
        "environment",
        ("Ambiente e inquinamento", "ambiente"),
        ("Environment and pollution", "environment"),
        "ambient* inquin* aria emission* polver* smog verde albero alberi alberature parco "
        "parchi rifiut* differenziat* fiume fiumi secchia clima climatic* tir camion traffico "
        "rumore pollution environment* air green trees",
    ),
    _concept(
        "health",
        ("Salute e cura", "salute"),
        ("Health and care", "health"),
        "salute malatt* asma respirator* sanit* ospedal* medic* ambulator* cure benessere "
        "psicolog* health hospital* doctor*",
    ),
    _concept(
        "migrants",
        ("Stranieri e integrazione", "integrazione"),
        ("Migrants and integration", "integration"),
        "stranier* immigrat* migrant* integrazion* integrar* mediator* intercultur* "
        "seconda_generazione nuovi_arrivati marocchin* pakistan* rifugiat* profugh* "
        "non_parlano_italiano interpreti traduzion* migrant* immigrant* foreign*",
    ),
    _concept(
        "housing",
        ("Casa e affitti", "casa"),
        ("Housing and rents", "housing"),
        "affitt* alloggi* abitativ* abitazion* appartament* case_popolari casa_popolare "
        "housing sfratt* mutu* sfitt* edilizi* rent rents",
    ),
    _concept(
        "culture",
        ("Cultura e luoghi d'incontro", "luoghi d'incontro"),
        ("Culture and places to meet", "places to meet"),
        "cultur* bibliotec* teatr* music* cinema aggregazion* incontrarsi ritrovo luoghi sagr* "
        "feste festa sport* circol* centro_giovani oratori* tempo_libero library libraries "
        "theatre meeting_places",
    ),
    _concept(
        "poverty",
        ("Povertà e famiglie in difficoltà", "povertà"),
        ("Poverty and families in need", "poverty"),
        "povert* pover* fine_mese banco_alimentare bollett* reddit* indigen* "
        "difficolta_economic* working_poor sussidi* caritas poverty poor",
    ),
    _concept(
        "disability",
        ("Disabilità e accessibilità", "disabilità"),
        ("Disability and access", "disability"),
        "disabil* barrier* carrozzin* accessibil* handicap* dopo_di_noi rampa non_vedent* "
        "sord* disabled wheelchair*",
    ),
    _concept(
        "trust",
        ("Fiducia nelle istituzioni", "fiducia"),
        ("Trust in institutions", "trust"),
        "fiducia fidarsi sfiducia istituzion* credono crede_più ascoltati ascoltare municipio "
        "lontan* distanza trust council",
    ),
    _concept(
        "meaning",
        ("Che cosa vuol dire impatto", "significato"),
        ("What impact means", "meaning of impact"),
        "vuol_dire significa outcome output stanno_meglio stare_meglio qualita_della_vita "
        "cambia_davvero cosa_cambia dimostrar* dura_nel_tempo means meaning lasting",
    ),
    _concept(
        "indicators",
        ("Pochi indicatori chiari", "indicatori"),
        ("A few clear indicators", "indicators"),
        "indicator* parametr* metric* kpi misure set_minimo criteri numeri indicator* metric*",
    ),
    _concept(
        "stories",
        ("Storie e testimonianze", "storie"),
        ("Stories and testimonies", "stories"),
        "stori* raccont* testimonian* intervist* narrativ* voci video foto qualitativ* diario "
        "focus_group stories story interview* qualitative testimon*",
    ),
    _concept(
        "feedback",
        ("Chiedere a chi usa i servizi", "ascolto degli utenti"),
        ("Asking the people served", "feedback"),
        "questionari* sondagg* gradiment* soddisf* utent* beneficiar* destinatar* "
        "chi_lo_riceve survey* feedback satisf*",
    ),
    _concept(
        "data",
        ("Dati condivisi tra enti", "dati"),
        ("Shared data", "data"),
        "dati dato database banca_dati banche_dati cruscott* archivi* excel open_data anagrafe "
        "incroci* incrociare dashboard informazioni data",
    ),
    _concept(
        "costs",
        ("Costi e risorse", "risorse"),
        ("Costs and resources", "resources"),
        "costo costi costa costano costoso budget soldi fondi fondo finanziament* risors* "
        "pagar* paga spesa spese euro gratis quota money funding funds pay paid cost costs",
    ),
    _concept(
        "over_time",
        ("Prima e dopo, nel tempo", "tempo"),
        ("Before and after, over time", "time"),
        "prima_e_dopo partenza baseline follow_up nel_tempo lungo_termine lungo_periodo "
        "a_distanza ripetut* rilevazion* mesi dopo_anni col_tempo before_and_after long_term",
    ),
    _concept(
        "attribution",
        ("Distinguere l'effetto dei progetti", "attribuzione"),
        ("Telling what made the difference", "attribution"),
        "distingu* merito caso controfattual* gruppo_di_controllo fattori_esterni causa "
        "dipender* dipende attribu* separare contributo crisi senza_il_progetto counterfactual",
    ),
    _concept(
        "training",
        ("Formazione e competenze", "formazione"),
        ("Training and skills", "training"),
        "formar* formazion* corso corsi competenz* training capacity_building aggiornament* "
        "imparar* funzionari dipendenti personale skill* staff",
    ),
    _concept(
        "bureaucracy",
        ("Burocrazia e moduli", "burocrazia"),
        ("Red tape and forms", "red tape"),
        "burocra* modul* scartoffi* adempiment* rendicontazion* procedur* paperwork red_tape",
    ),
    _concept(
        "mistakes",
        ("Dire anche ciò che non funziona", "errori"),
        ("Saying what did not work", "mistakes"),
        "error* sbagl* fallimen* fallit* andati_male andato_male non_ha_funzionato negativ* "
        "onest* nasconder* failure* mistake*",
    ),
    _concept(
        "digital",
        ("Strumenti digitali", "digitale"),
        ("Digital tools", "digital tools"),
        "app piattaform* online digital* software tablet tecnolog* informatic* apps",
    ),
    _concept(
        "lottery",
        ("Cittadini estratti a sorte", "sorteggio"),
        ("Citizens chosen by lot", "citizens by lot"),
        "sorte sorteggi* estratt* giuria panel assemblea gente_comune scelti_a_caso lottery jury",
    ),
    _concept(
        "third_sector",
        ("Associazioni e terzo settore", "associazioni"),
        ("Associations and the third sector", "associations"),
        "associazion* volontari* terzo_settore cooperativ* coop parrocchi* caritas onlus "
        "enti_del_terzo charit* volunteer* nonprofit*",
    ),
    _concept(
        "external",
        ("Un valutatore indipendente", "valutatore esterno"),
        ("An independent evaluator", "independent evaluator"),
        "estern* indipendent* soggetto_terzo ente_terzo universit* unimore ricercator* "
        "imparzial* neutral* comitato_scientifico conflitt* valutator* independent* universit*",
    ),
    _concept(
        "sharing",
        ("Restituire i risultati a tutti", "restituzione"),
        ("Sharing the results", "sharing results"),
        "restitu* comunic* piazza serata report pdf infografic* giornal* mostra "
        "linguaggio_semplice sui_social social_media trasparen* pubblicar* presentar* "
        "plain_language share",
    ),
    _concept(
        "decisions",
        ("Decidere con i risultati", "decisioni"),
        ("Deciding with the results", "decisions"),
        "bilanci* decider* decision* delibera* programmazion* riprogramm* premiar* tagliar* "
        "evidenz* scelte spostare_i_fondi budget_decision* decide* decision*",
    ),
    _concept(
        "schools",
        ("Scuole e studenti", "scuole"),
        ("Schools and students", "schools"),
        "scuol* student* istitut* alunn* insegnant* educazion* alternanza superiori classe "
        "classi school* student* pupil*",
    ),
    _concept(
        "business",
        ("Imprese del territorio", "imprese"),
        ("Local businesses", "businesses"),
        "impres* aziend* ceramic* imprenditor* confindustria sponsor privat* "
        "responsabilita_sociale welfare_aziendale fabbric* industri* business* company "
        "companies firms",
    ),
    _concept(
        "continuity",
        ("Un percorso che continua", "continuità"),
        ("Keeping it going", "continuity"),
        "ogni_anno ripeter* permanent* stabil* continu* percorso appuntamento_fisso "
        "osservatorio una_tantum ci_rivediamo every_year ongoing",
    ),
    _concept(
        "politics",
        ("I tempi della politica", "politica"),
        ("Politics and its timescales", "politics"),
        "politic* giunta elezion* mandato mandati bipartisan sindac* legislatur* election*",
    ),
    _concept(
        "reaching_out",
        ("Coinvolgere chi non partecipa mai", "chi non partecipa"),
        ("Reaching those who never take part", "reaching out"),
        "non_viene non_vengono chi_non_partecipa soliti_noti esclus* orari voci_che "
        "andare_dove invisibil* hard_to_reach",
    ),
)
"""Every concept, in a fixed order (the order breaks ties between equally strong concepts)."""
