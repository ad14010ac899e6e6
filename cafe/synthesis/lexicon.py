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
        "pensioner* senior* anziane over_75 over_85 eta_avanzata persone_anziane persone_in_eta "
        "over_60 over_90 ultrasettantenn* centro_anziani vedov* "
        "invecchiament* demenz* alzheimer caffe_alzheimer over65 over70 over80 terza_eta_sola "
        "teleassistenza",
    ),
    _concept(
        "loneliness",
        ("Solitudine e isolamento", "isolamento"),
        ("Loneliness and isolation", "isolation"),
        "solitudin* isolament* isolat* soli vive_da_solo vive_da_sola vivono_da_soli "
        "vivono_da_sole sole_in_casa abbandonat* nessuno_passa parlano_solo non_escono "
        "escono_di_casa chiusi_in_casa compagnia lonely loneliness alone isolation isolated "
        "soli_in_casa sentirsi_soli non_esce non_esce_piu nessuno_li_va_a_trovare si_sentono_soli "
        "senza_parenti nessuno_con_cui_parlare da_soli "
        "ritiro_sociale solitari* tagliati_fuori senza_nessuno nessuno_li_chiama "
        "nessuno_li_cerca lontano_da_tutti hikikomori",
    ),
    _concept(
        "youth",
        ("Giovani e ragazzi", "giovani"),
        ("Young people", "young people"),
        "giovan* ragazz* under_30 under_35 ventenn* trentenn* adolescent* neolaureat* laureat* "
        "figli young youth teenager* under_25 nuove_generazioni giovanissim* "
        "neet minorenn* generazione_z gen_z millennial* ragazzin* servizio_civile "
        "informagiovani spazio_giovani politiche_giovanili opportunita_per_i_giovani",
    ),
    _concept(
        "jobs",
        ("Lavoro e occupazione", "lavoro"),
        ("Work and jobs", "jobs"),
        "lavor* occupazion* impieg* disoccupa* stage apprendistat* tirocin* turni precari* "
        "contratt* carriera professional* job jobs employment unemploy* work posto_di_lavoro "
        "posti_di_lavoro stipendi* salari* occupat* disoccupat* occupabilit* assunzion* "
        "licenziament* cassa_integrazione mestier* offerte_di_lavoro "
        "centri_per_l_impiego centro_per_l_impiego cpi naspi partita_iva lavoro_nero "
        "inserimento_lavorativo borse_lavoro borsa_lavoro collocamento reinseriment* "
        "part_time orientamento_al_lavoro",
    ),
    _concept(
        "leaving",
        ("Chi parte e chi resta", "emigrazione"),
        ("People leaving the area", "people leaving"),
        "emigr* fuga_dei_cervelli cervelli talent* se_ne_vanno vanno_via partono andarsene "
        "trasferit* restano restare rimanere trattener* londra brain_drain leave leaving "
        "spopolament* se_ne_va vanno_a_vivere non_tornano fuga andare_via all_estero estero esodo "
        "fuggono scappano "
        "restanza rientro_dei_giovani mettere_radici controesodo tornare_in_paese",
    ),
    _concept(
        "transport",
        ("Trasporti e mobilità", "trasporti"),
        ("Transport and getting around", "transport"),
        "trasport* autobus bus corrier* pullman navett* macchina auto automobil* patente "
        "non_guida guidare mezzi_pubblici ciclabil* bici* mobilit* collegament* treno treni "
        "fermat* spostar* muoversi tragitt* car cars drive driving bus buses transport train* "
        "pista_ciclabile piste_ciclabili pendolar* a_chiamata bus_a_chiamata senza_macchina "
        "pulmin* pullmin* littorina ferrovi* parchegg* viabilit* car_sharing car_pooling "
        "monopattin* spostament* orari_dei_bus "
        "corse linee_extraurbane trasporto_sociale trasporto_pubblico tpl "
        "collegamenti_con_la_pianura scendere_in_pianura",
    ),
    _concept(
        "safety",
        ("Sicurezza nei paesi", "sicurezza"),
        ("Safety", "safety"),
        "sicurezza sicuri sicuro insicur* furt* ladri ladro illuminazion* spaccio vigil* "
        "polizia carabinier* degrado criminal* vandal* safety crime police spacciatori bande "
        "baby_gang sentirsi_sicuri paura videosorveglianz* telecamere microcriminal* rapin* "
        "aggression* bullismo vigile_di_quartiere vigili_di_quartiere",
    ),
    _concept(
        "environment",
        ("Ambiente e inquinamento", "ambiente"),
        ("Environment and pollution", "environment"),
        "ambient* inquin* aria emission* polver* smog verde albero alberi alberature parco "
        "parchi rifiut* differenziat* fiume fiumi secchia clima climatic* tir camion traffico "
        "rumore pollution environment* air green trees consumo_di_suolo cementificazion* "
        "aree_verdi piantare energia rinnovabil* fotovoltaic* comunita_energetiche sostenibil* "
        "ecologic* riciclo alluvion* dissesto frane ondate_di_calore isole_di_calore fumi fornaci "
        "ciminier* discarich* falda odori puzza spazzatura raccolta_differenziata natura boschi "
        "pannelli_solari "
        "qualita_dell_aria pm10 polveri_sottili ozono inquinanti arpae centraline "
        "cambiamenti_climatici siccita verde_pubblico transizione_ecologica co2",
    ),
    _concept(
        "health",
        ("Salute e cura", "salute"),
        ("Health and care", "health"),
        "salute malatt* asma sanit* ospedal* medic* ambulator* cure benessere "
        "psicolog* health hospital* doctor* salute_mentale ansia depressione dipendenz* ludopatia "
        "alcol droga medico_di_base liste_d_attesa consultori* prevenzion* screening respirator* "
        "pediatr* guardia_medica pronto_soccorso infermier* farmaci* farmacia farmacie "
        "medici_di_base medico_di_famiglia medici_di_famiglia salute_pubblica "
        "stili_di_vita obesit* malati tumor* cancro casa_della_salute case_della_comunita "
        "malattie_respiratorie allergi* bronchit* sert serd ssn casa_di_comunita "
        "medicina_territoriale infermiere_di_comunita visite specialist* psichiatr* "
        "disagio_psichico sportello_psicologico",
    ),
    _concept(
        "migrants",
        ("Stranieri e integrazione", "integrazione"),
        ("Migrants and integration", "integration"),
        "stranier* immigrat* migrant* integrazion* integrar* mediator* intercultur* "
        "seconda_generazione nuovi_arrivati marocchin* pakistan* rifugiat* profugh* "
        "non_parlano_italiano interpreti traduzion* migrant* immigrant* foreign* culture_diverse "
        "convivenza origine_straniera corsi_di_italiano cittadinanza nuovi_cittadini "
        "extracomunitar* richiedenti_asilo accoglienza etni* multicultur* razzismo "
        "discriminazion* lingua_italiana corsi_di_lingua indian* cinesi albanes* nordafrican* "
        "famiglie_straniere mamme_straniere donne_straniere seconde_generazioni ius_scholae "
        "permesso_di_soggiorno permessi_di_soggiorno mediazione_culturale mediatric* "
        "italiano_l2 ghanes* senegales* ucrain* rumen* moschea",
    ),
    _concept(
        "housing",
        ("Casa e affitti", "casa"),
        ("Housing and rents", "housing"),
        "affitt* alloggi* abitativ* abitazion* appartament* case_popolari casa_popolare "
        "housing sfratt* mutu* sfitt* edilizi* rent rents canone_concordato caro_affitti "
        "case_vuote emergenza_abitativa abitare acer graduatori* canoni prezzi_delle_case "
        "caro_casa coabitazion* cohousing senza_casa "
        "case_sfitte affitto_calmierato housing_sociale social_housing erp "
        "edilizia_residenziale_pubblica morosit* emergenza_casa studentat* proprietari",
    ),
    _concept(
        "culture",
        ("Cultura e luoghi d'incontro", "luoghi d'incontro"),
        ("Culture and places to meet", "places to meet"),
        "cultur* bibliotec* teatr* music* cinema aggregazion* incontrarsi ritrovo luoghi sagr* "
        "feste festa sport* circol* centro_giovani oratori* tempo_libero library libraries "
        "theatre meeting_places spazi_pubblici piazze piazza_viva centri_di_aggregazione "
        "socialita ludoteca eventi concert* musei museo palestr* piscin* campi_da_calcio svago "
        "divertiment*",
    ),
    _concept(
        "poverty",
        ("Povertà e famiglie in difficoltà", "povertà"),
        ("Poverty and families in need", "poverty"),
        "povert* pover* fine_mese banco_alimentare bollett* reddit* indigen* "
        "difficolta_economic* working_poor sussidi* caritas poverty poor disuguaglianz* "
        "precarieta fragilita fragili vulnerabil* emporio_solidale arrivare_a_fine_mese "
        "nuove_poverta mense pacchi_alimentari disagio_economico indebitament* usura "
        "senza_fissa_dimora senzatetto homeless "
        "isee reddito_di_cittadinanza assegno_di_inclusione contributi_economici buoni_spesa "
        "caro_bollette caro_vita costo_della_vita empori* dormitori* senza_dimora marginalit* "
        "esclusione_sociale deprivazion* monoreddito",
    ),
    _concept(
        "disability",
        ("Disabilità e accessibilità", "disabilità"),
        ("Disability and access", "disability"),
        "disabil* barrier* carrozzin* accessibil* handicap* dopo_di_noi rampa non_vedent* "
        "sord* disabled wheelchair* non_autosufficien* caregiver fragilita_fisica invalid* "
        "autism* autistic* barriere_architettoniche "
        "legge_104 insegnante_di_sostegno inclusione_lavorativa",
    ),
    _concept(
        "trust",
        ("Fiducia nelle istituzioni", "fiducia"),
        ("Trust in institutions", "trust"),
        "fiducia fidarsi sfiducia istituzion* credono crede_più ascoltati ascoltare municipio "
        "lontan* distanza trust council credibilit* vicinanza ascolto_dei_cittadini delus* "
        "disaffezion* "
        "diffiden* rassegnaz* non_ci_credono_piu tanto_non_cambia_niente "
        "promesse_non_mantenute senso_civico credibile "
        "clima_di_fiducia",
    ),
    _concept(
        "meaning",
        ("Che cosa vuol dire impatto", "significato"),
        ("What impact means", "meaning of impact"),
        "vuol_dire significa outcome output stanno_meglio stare_meglio qualita_della_vita "
        "cambia_davvero cosa_cambia dimostrar* dura_nel_tempo means meaning lasting vivere_meglio "
        "miglioramento_della_vita cambiamento_reale cambiamenti_duraturi effetti_concreti "
        "differenza_concreta risultati_concreti "
        "teoria_del_cambiamento theory_of_change catena_del_valore cambiamento_duraturo "
        "valore_sociale valore_aggiunto generativ* ricadute_sociali esiti outcomes "
        "trasformazion* cosa_resta cosa_rimane lascia_il_segno differenza_nella_vita "
        "vita_delle_persone non_solo_attivita",
    ),
    _concept(
        "indicators",
        ("Pochi indicatori chiari", "indicatori"),
        ("A few clear indicators", "indicators"),
        "indicator* parametr* metric* kpi misure set_minimo criteri numeri indicator* metric* "
        "numeri_chiari pochi_numeri benessere_equo bes obiettivi_misurabili target soglie "
        "valori_di_riferimento griglia "
        "indice indici tasso tassi percentual* quantitativ* misurabil* verificabil* "
        "obiettivi_verificabili obiettivi_chiari traguard* punteggi* sroi valori_attesi "
        "risultati_attesi scala_di_valutazione batteria_di_indicatori indicatori_di_esito "
        "indicatori_di_impatto measurable measures "
        "indicatori_di_risultato indicatori_di_output indicatori_di_outcome "
        "griglia_di_valutazione obiettivi_smart sdg "
        "agenda_2030 metrica",
    ),
    _concept(
        "stories",
        ("Storie e testimonianze", "storie"),
        ("Stories and testimonies", "stories"),
        "stori* raccont* testimonian* intervist* narrativ* voci video foto qualitativ* diario "
        "focus_group stories story interview* qualitative testimon* narrazion* vissut* esperienz* "
        "ascolto racconti casi_studio biografi* ascoltare_le_persone podcast parole_delle_persone "
        "aneddot* storie_di_vita testimoni colloqui* chiacchierat* ascoltar* "
        "cambiamento_piu_significativo most_significant_change photovoice fotovoice etnograf* "
        "osservazione_partecipante diari lettere casi_concreti storytelling narrative",
    ),
    _concept(
        "feedback",
        ("Chiedere a chi usa i servizi", "ascolto degli utenti"),
        ("Asking the people served", "feedback"),
        "questionari* sondagg* gradiment* soddisf* utent* beneficiar* destinatar* "
        "chi_lo_riceve survey* feedback satisf* questionario indagin* domande risposta_chiusa "
        "risposte valutazione_degli_utenti chiedere_alle_persone customer "
        "valutazioni_degli_utenti schede_di_valutazione pareri chiedere_ai_cittadini "
        "chiedere_alle_famiglie recension* "
        "customer_satisfaction faccine emoticon stelline interviste_telefoniche "
        "telefonat* somministrar* compilano questionnaire* poll* punteggio_di_gradimento "
        "voto_da_1 scala_da_1 valutano_il_servizio "
        "ascolto_degli_utenti voce_degli_utenti chiedere_agli_utenti chiedere_direttamente "
        "parlare_con_gli_utenti ascoltare_gli_utenti questionari_di_gradimento "
        "indagini_di_soddisfazione valutazione_dei_beneficiari chiedere_ai_beneficiari",
    ),
    _concept(
        "data",
        ("Dati condivisi tra enti", "dati"),
        ("Shared data", "data"),
        "dati dato database banca_dati banche_dati cruscott* archivi* excel open_data anagrafe "
        "incroci* incrociare dashboard informazioni data dati_aperti formato_aperto scaricabil* "
        "consultabil* statistich* istat registri portale raccolta_dati anagrafic* big_data "
        "interoperabil* fonti "
        "gestional* sistema_informativo sistemi_informativi cartella_sociale cartelle_sociali "
        "fascicol* flussi_informativi inps inail ausl censiment* catasto dati_amministrativi "
        "dati_sanitari tabell* foglio_di_calcolo fogli_di_calcolo silos frammentat* sparsi "
        "non_si_parlano incrociar* condivisione_dei_dati unico_archivio archivio_unico registro "
        "datasets dataset records spreadsheet* "
        "banca_dati_unica scambio_di_dati scambiare_dati protocollo_d_intesa "
        "protocolli_d_intesa accordo_tra_enti interoperabilita pdnd anpr fascicolo_sanitario "
        "sistema_unico dati_aggregati microdati record_linkage dati_scolastici "
        "osservatorio_sociale casellario_dell_assistenza siuss",
    ),
    _concept(
        "costs",
        ("Costi e risorse", "risorse"),
        ("Costs and resources", "resources"),
        "costo costi costa costano costoso budget soldi fondi fondo finanziament* risors* "
        "pagar* paga spesa spese euro gratis quota money funding funds pay paid cost costs "
        "costa_troppo costoso oneroso investiment* finanziar* bando bandi denaro "
        "copertura_finanziaria "
        "costo_della_valutazione costi_della_valutazione quanto_costa chi_paga risorse_dedicate "
        "percentuale_del_budget sostenibilita_economica spreco sprechi affordable expensive "
        "risorse_per_valutare fondi_per_la_valutazione voce_di_spesa a_costo_zero senza_fondi "
        "senza_soldi sottofinanziat* pnrr fondazion* cofinanziament* fundraising crowdfunding",
    ),
    _concept(
        "over_time",
        ("Prima e dopo, nel tempo", "tempo"),
        ("Before and after, over time", "time"),
        "prima_e_dopo partenza baseline follow_up nel_tempo lungo_termine lungo_periodo "
        "a_distanza ripetut* rilevazion* mesi dopo_anni col_tempo before_and_after long_term "
        "punto_zero situazione_di_partenza situazione_iniziale all_inizio prima_di_cominciare "
        "prima_di_iniziare dopo_un_anno tra_un_anno monitoraggi* monitorar* periodicament* "
        "longitudinal* serie_storiche trend andamento negli_anni anno_dopo_anno situazione_prima "
        "ex_ante ex_post pre_post t0 fotografia_iniziale fotografia_di_partenza a_fine_progetto "
        "fine_progetto inizio_progetto medio_termine medio_periodo breve_termine "
        "effetti_nel_tempo richiamar* ricontattar* seguire_nel_tempo a_tre_anni a_cinque_anni "
        "dopo_qualche_anno tempi_lunghi troppo_presto nel_lungo_periodo prima_durante_dopo "
        "coort* over_time baseline_data starting_point "
        "a_sei_mesi a_un_anno dopo_sei_mesi rilevazioni_periodiche "
        "monitoraggio_continuo piano_di_monitoraggio linea_di_base valore_di_partenza "
        "punto_di_partenza situazione_di_base stato_iniziale tempo_zero dopo_5_anni "
        "dopo_10_anni "
        "fine_percorso a_fine_percorso",
    ),
    _concept(
        "attribution",
        ("Distinguere l'effetto dei progetti", "attribuzione"),
        ("Telling what made the difference", "attribution"),
        "distingu* merito caso controfattual* gruppo_di_controllo fattori_esterni causa "
        "dipender* dipende attribu* separare contributo crisi senza_il_progetto counterfactual "
        "gruppo_di_confronto effetto_netto effetti_collaterali merito_del_progetto nesso_causale "
        "effetto_del_progetto cosa_sarebbe_successo altre_cause coincidenz* "
        "comune_simile comuni_simili chi_non_ha_partecipato chi_non_ha_fatto successo_comunque "
        "cambiato_comunque gruppo_simile randomizz* sperimentazion* sarebbe_andata_comunque "
        "merito_nostro "
        "paragon* confrontare_con chi_non_ha_usufruito chi_non_e_stato_coinvolto "
        "senza_intervento in_assenza_del_progetto causa_effetto causalita deadweight "
        "peso_morto spiazzamento isolare_l_effetto altri_fattori congiuntura "
        "di_chi_e_il_merito control_group comparison_group",
    ),
    _concept(
        "training",
        ("Formazione e competenze", "formazione"),
        ("Training and skills", "training"),
        "formar* formazion* corso corsi competenz* training capacity_building aggiornament* "
        "imparar* skill* formare competenze_valutative formator* tutor* accompagnament* "
        "supporto_tecnico linee_guida manuali cultura_della_valutazione "
        "formazione_sulla_valutazione competenze_di_valutazione saper_valutare "
        "competenze_interne know_how affiancament* mentoring coaching percorsi_formativi "
        "master webinar",
    ),
    _concept(
        "bureaucracy",
        ("Burocrazia e moduli", "burocrazia"),
        ("Red tape and forms", "red tape"),
        "burocra* modul* scartoffi* adempiment* rendicontazion* procedur* paperwork red_tape "
        "timbri pratiche iter lentezz* lungaggin* semplific*",
    ),
    _concept(
        "mistakes",
        ("Dire anche ciò che non funziona", "errori"),
        ("Saying what did not work", "mistakes"),
        # Also evaluating to learn rather than to punish: the fear of being judged is what
        # keeps failures unsaid.
        "error* sbagl* fallimen* fallit* andati_male andato_male non_ha_funzionato negativ* "
        "onest* nasconder* failure* mistake* imparare_dagli_errori ammetter* autocritic* "
        "cose_che_non_vanno flop "
        "punir* punizion* giudicar* giudizio giudicati pagell* sanzion* paura_di_essere "
        "paura_del_giudizio colpevoli colpevolizz* caccia_alle_streghe esame apprendiment* "
        "learning cultura_dell_errore ispezion* "
        "paura_di_sbagliare paura_del_giudizio paura_di_essere_giudicati paura_dei_tagli",
    ),
    _concept(
        "digital",
        ("Strumenti digitali", "digitale"),
        ("Digital tools", "digital tools"),
        "app piattaform* online digital* software tablet tecnolog* informatic* apps "
        "divario_digitale spid internet banda_larga wifi smartphone telefonin* whatsapp sms "
        "qr_code google_form "
        "digital_divide alfabetizzazione_digitale competenze_digitali facilitatori_digitali "
        "punto_digitale connessione fibra",
    ),
    _concept(
        "lottery",
        ("Cittadini estratti a sorte", "sorteggio"),
        ("Citizens chosen by lot", "citizens by lot"),
        "sorte sorteggi* estratt* giuria panel assemblea gente_comune scelti_a_caso lottery jury "
        "estrazione_a_sorte a_caso campione_casuale mini_pubblic* giuria_civica a_campione "
        "campione_rappresentativo rappresentativ* cittadini_comuni persone_qualunque",
    ),
    _concept(
        "third_sector",
        ("Associazioni e terzo settore", "associazioni"),
        ("Associations and the third sector", "associations"),
        "associazion* volontari* terzo_settore cooperativ* coop parrocchi* caritas onlus "
        "enti_del_terzo charit* volunteer* nonprofit* patto_di_collaborazione "
        "enti_del_terzo_settore volontariato pro_loco scout avis auser arci acli polisportiv* "
        "gruppi_informali comitat* "
        "ets aps odv runts impresa_sociale imprese_sociali ass assoc "
        "centro_servizi_volontariato",
    ),
    _concept(
        "external",
        ("Un valutatore indipendente", "valutatore esterno"),
        ("An independent evaluator", "independent evaluator"),
        "estern* indipendent* soggetto_terzo ente_terzo universit* unimore ricercator* "
        "imparzial* neutral* comitato_scientifico conflitt* valutator* independent* universit* "
        "esperti esperto terzi terza_parte imparziale osservatore_esterno revisor* certificazion* "
        "audit valutazione_esterna accademic* atenei politecnico "
        "consulent* societa_di_consulenza advisor occhio_esterno sguardo_esterno terzieta "
        "controllore controllori arbitro autovalutazion* revisione_tra_pari peer_review "
        "enti_di_ricerca istituto_di_ricerca evaluator* third_party "
        "valutatore_terzo valutazione_indipendente ente_valutatore nucleo_di_valutazione "
        "docenti_universitari uni univ dipartimento",
    ),
    _concept(
        "sharing",
        ("Restituire i risultati a tutti", "restituzione"),
        ("Sharing the results", "sharing results"),
        "restitu* comunic* piazza serata report pdf infografic* giornal* mostra "
        "linguaggio_semplice sui_social social_media trasparen* pubblicar* presentar* "
        "plain_language share far_sapere rendere_conto rendicontar* accountability pubblicamente "
        "incontro_pubblico leggibil* newsletter sito diffonder* diffusion* divulga* bacheca "
        "volantin* manifesti radio tv_locale conferenza_stampa resoconto bilancio_sociale "
        "report_annuale spiegare "
        "linguaggio_chiaro parole_semplici comprensibil* capibil* chiaro_a_tutti tecnicism* "
        "gergo burocratese sintesi schede_sintetiche grafici slide presentazione_pubblica "
        "dare_conto render_conto pubblicare_i_risultati facebook instagram sito_del_comune",
    ),
    _concept(
        "decisions",
        ("Decidere con i risultati", "decisioni"),
        ("Deciding with the results", "decisions"),
        "bilanci* decider* decision* delibera* programmazion* riprogramm* premiar* tagliar* "
        "evidenz* scelte spostare_i_fondi budget_decision* decide* decision* finanziare_di_piu "
        "chiudere spendere spesa_pubblica priorit* riorientare ricadute_sulle_scelte dup piano "
        "allocare riallocare investire definanziare tagli potenziare ripensare correggere "
        "aggiustare_il_tiro orientare "
        "premialit* premial* criteri_premiali punteggio_nei_bandi punteggi_nei_bandi "
        "criteri_di_selezione criteri_dei_bandi nei_bandi nel_bilancio capitoli_di_spesa peg "
        "piano_di_zona piano_sociale_di_zona assegnazione_dei_fondi rifinanziar* "
        "pagare_per_risultati payment_by_results social_impact_bond",
    ),
    _concept(
        "schools",
        ("Scuole e studenti", "scuole"),
        ("Schools and students", "schools"),
        "scuol* student* istitut* alunn* insegnant* educazion* alternanza superiori classe "
        "classi school* student* pupil* consulta_dei_ragazzi consiglio_comunale_dei_ragazzi "
        "universitari dispersione_scolastica abbandono_scolastico professor* maestr* "
        "dirigenti_scolastici "
        "poverta_educativa dispersion* bocciat* ripetent* patto_educativo "
        "istituti_comprensivi liceo licei cfp dirigente_scolastico prof",
    ),
    _concept(
        "business",
        ("Imprese del territorio", "imprese"),
        ("Local businesses", "businesses"),
        "impres* aziend* ceramic* imprenditor* confindustria sponsor privat* "
        "responsabilita_sociale welfare_aziendale fabbric* industri* business* company "
        "companies firms artigian* camera_di_commercio filiera datori_di_lavoro multinazional* "
        "piastrell* "
        "csr responsabilita_sociale_d_impresa esg bilancio_di_sostenibilita datore_di_lavoro "
        "mondo_produttivo for_profit societa_benefit",
    ),
    _concept(
        "continuity",
        ("Un percorso che continua", "continuità"),
        ("Keeping it going", "continuity"),
        "ogni_anno ripeter* permanent* stabil* continu* percorso appuntamento_fisso "
        "osservatorio una_tantum ci_rivediamo every_year ongoing periodic* ogni_sei_mesi "
        "ricorrent* tappe a_cadenza rivederci ritrovarsi strutturale strutturat* sistematic* "
        "regolar* calendario non_una_volta_sola "
        "oltre_il_mandato al_di_la_del_mandato memoria_istituzionale ricominciare_da_capo "
        "ricominciare_da_zero istituzionalizz* regolamento",
    ),
    _concept(
        "politics",
        ("I tempi della politica", "politica"),
        ("Politics and its timescales", "politics"),
        "politic* giunta elezion* mandato mandati bipartisan sindac* legislatur* election* "
        "consiglieri consiglio_comunale assessor* amministrator* eletti partit* opposizion* "
        "maggioranza campagna_elettorale propaganda "
        "cambio_di_amministrazione nuova_giunta cambio_di_giunta cambia_il_sindaco "
        "cambio_di_sindaco colore_politico fine_mandato ciclo_elettorale cicli_elettorali "
        "scadenza_elettorale chiunque_vinca chiunque_governi",
    ),
    _concept(
        "reaching_out",
        ("Coinvolgere chi non partecipa mai", "chi non partecipa"),
        ("Reaching those who never take part", "reaching out"),
        "non_viene non_vengono chi_non_partecipa soliti_noti esclus* orari voci_che "
        "andare_dove invisibil* hard_to_reach sempre_gli_stessi i_soliti chi_non_ha_voce "
        "andare_a_cercare porta_a_porta nei_mercati nei_bar chi_lavora_su_turni orari_serali "
        "inclusiv* chi_non_ha_tempo luoghi_informali outreach coinvolgere_tutti escluso "
        "difficili_da_raggiungere chi_resta_fuori andare_incontro",
    ),
    _concept(
        "shops",
        ("Negozi e commercio di vicinato", "negozi"),
        ("Local shops", "local shops"),
        "negozi* negozio botteg* commerc* esercent* esercizi_commerciali vetrin* "
        "saracinesch* centro_storico centri_storici mercato mercati market alimentari "
        "supermercat* centri_commerciali shop shops fare_la_spesa ufficio_postale bancomat "
        "edicol* chiusura_dei_negozi",
    ),
    _concept(
        "families",
        ("Famiglie e infanzia", "famiglie"),
        ("Families and children", "families"),
        "famigli* bambin* infanzia nido nidi asilo asili neonat* genitori genitorialit* "
        "mamme mamma papa conciliazion* natalit* doposcuola centri_estivi children kids "
        "childcare parents gravidanz* maternita paternita congedi rette baby_sitter tempo_pieno "
        "bimb*",
    ),
    _concept(
        "women",
        ("Donne e parità", "parità"),
        ("Women and equality", "equality"),
        "donne donna femminil* parita pari_opportunita violenza_di_genere "
        "antiviolenza women gender femminicid* gender_gap divario_di_genere disparit*",
    ),
    _concept(
        "public_space",
        ("Spazi pubblici e quartieri", "spazi pubblici"),
        ("Public spaces and neighbourhoods", "public spaces"),
        "quartier* periferi* marciapied* riqualificazion* arredo_urbano panchin* giardini "
        "vicinato rione urbanistic* neighbourhood* public_space aree_giochi "
        "parchi_giochi decoro degrado_urbano",
    ),
    _concept(
        "mountain",
        ("Montagna e aree interne", "montagna"),
        ("Mountain villages", "mountain villages"),
        # Only words naming the mountain as a subject: "in collina", "le frazioni" mostly say
        # where another subject (transport, older people) is felt.
        "montagn* montan* appennin* aree_interne borghi_vuoti paesi_vuoti mountain",
    ),
    _concept(
        "services",
        ("Servizi sociali vicini", "servizi sociali"),
        ("Social services", "social services"),
        "servizi_sociali assistent* sportell* welfare assistenza presa_in_carico operator* "
        "educator* domiciliar* social_services social_worker* servizio_sociale centro_diurno "
        "centri_diurni pasti_a_domicilio telesoccorso segretariato_sociale "
        "assistente_sociale assistenti_sociali ass_soc serv_soc servizi_socio socio_sanitari* "
        "sociosanitar*",
    ),
    _concept(
        "usage",
        ("Quante persone usano i servizi", "uso dei servizi"),
        ("How many use the services", "use of services"),
        "accessi presenze iscritt* iscrizion* utilizzo quante_persone "
        "numero_di_persone affluenza frequenz* prese_in_carico attendance uptake numero_di_utenti "
        "quanti_utenti quanta_gente adesion* tasso_di_utilizzo "
        "ingressi passaggi prestiti richieste liste_di_attesa tempi_di_attesa "
        "numero_di_partecipanti quanti_partecipano "
        "segnali_indiretti indicatori_indiretti proxy accessi_allo_sportello "
        "accessi_al_pronto_soccorso richieste_di_aiuto richieste_di_contributo "
        "domande_di_contributo ricoveri assenze_scolastiche frequenza_scolastica "
        "aumento_delle_richieste calo_delle_richieste meno_richieste piu_richieste "
        "numero_verde",
    ),
    _concept(
        "co_design",
        ("Decidere insieme cosa misurare", "co-progettazione"),
        ("Choosing together what to measure", "co-design"),
        "co_progettazione coprogettazion* co_progettare coprogettar* scelti_insieme "
        "decisi_insieme decidere_insieme definire_insieme "
        "tavolo tavoli co_design together partecipativ* processo_partecipato percorso_partecipato "
        "co_programmazione coprogrammazion* co_programmare coprogrammar* art_55 articolo_55 "
        "amministrazione_condivisa tavolo_permanente tavoli_permanenti cabina_di_regia "
        "partenariat* partnership governance_condivisa progettare_insieme co_produzione "
        "coproduzion*",
    ),
    _concept(
        "staff",
        ("Personale e carichi di lavoro", "personale"),
        ("Staff and workload", "staff"),
        "sotto_organico organico carico_di_lavoro carichi_di_lavoro uffici ufficio "
        "tempo_del_personale personale personale_dedicato tecnici tecnico dirigent* "
        "funzionari dipendenti staff workload mancanza_di_personale "
        "pochi_dipendenti impiegati_comunali "
        "sovraccaric* sommers* oberat* non_hanno_tempo referent* figura_dedicata "
        "figure_dedicate ore_di_lavoro tempo_di_lavoro gia_pieni operatori_gia "
        "ore_dedicate persone_dedicate carenza_di_personale turnover",
    ),
    _concept(
        "privacy",
        ("Privacy e uso dei dati", "privacy"),
        ("Privacy and use of data", "privacy"),
        "privacy gdpr anonim* consenso riservatezz* sensibil* dati_personali protezione_dei_dati "
        "trattamento_dei_dati consenso_informato dati_sensibili garante_privacy "
        "garante_della_privacy anonimato liberatori* informativa tutela_dei_dati schedat* "
        "schedare schedatura sentirsi_controllati controllati spiati "
        "grande_fratello segreto_professionale data_protection confidential* consent "
        "autorizzazion* dpo regolamento_europeo anonimizz* pseudonim* dati_anonimi",
    ),
    _concept(
        "comparison",
        ("Confronto con altri territori", "confronto"),
        ("Comparing with other places", "comparison"),
        "altri_comuni altri_territori altre_unioni benchmark buone_pratiche "
        "media_regionale media_nazionale regione altre_citta altre_realta altri_paesi classifich*",
    ),
    _concept(
        "meetings",
        ("Incontri e assemblee aperte", "incontri"),
        ("Open meetings", "meetings"),
        "assemble* incontri incontro riunion* world_cafe forum consulta consulte "
        "aperte_a_tutti aperto_a_tutti tavola_rotonda meetings meeting momenti_di_confronto "
        "incontri_pubblici laboratori workshop",
    ),
    _concept(
        "participatory_budget",
        ("Bilancio partecipativo", "bilancio partecipativo"),
        ("Participatory budgeting", "participatory budgeting"),
        "bilancio_partecipativo bilanci_partecipativi votare voto votazion* "
        "proposte_dei_cittadini "
        "participatory_budget*",
    ),
    _concept(
        "beneficiaries",
        ("Chi usa i servizi in prima persona", "chi usa i servizi"),
        ("The people served, first hand", "people served"),
        "diretti_interessati chi_usa chi_riceve chi_ha_ricevuto in_prima_persona "
        "protagonist* destinatari_stessi chi_vive "
        "valutazione_partecipata valutazione_partecipativa coinvolgere_i_beneficiari "
        "coinvolgere_gli_utenti dare_voce voce_agli_utenti esperti_per_esperienza "
        "protagonismo empowerment nulla_su_di_noi participatory_evaluation",
    ),
    _concept(
        "community",
        ("Comunità e legami tra persone", "comunità"),
        ("Community and ties between people", "community"),
        "comunita legam* solidariet* coesione coesione_sociale senso_di_appartenenza "
        "senso_di_comunita relazioni_tra mutuo_aiuto aiutarsi conoscersi vicini_di_casa "
        "rete_sociale reti_di_vicinato fare_comunita community neighbours "
        "appartenenza legami_sociali capitale_sociale reti_informali reciprocita "
        "buon_vicinato fare_rete comunita_educante",
    ),
    _concept(
        "complaints",
        ("Segnalazioni e reclami", "segnalazioni"),
        ("Complaints and reports", "complaints"),
        "segnalazion* reclam* lamentel* protest* esposti cassetta_dei_suggerimenti "
        "suggeriment* complaint* lament* urp",
    ),
    _concept(
        "commitment",
        ("Impegni presi sui risultati", "impegni"),
        ("Commitments on the results", "commitments"),
        "vincolant* consultiv* impegn* cassetto nel_cassetto carta_straccia "
        "rispondere_punto_per_punto promesse promessa binding",
    ),
    _concept(
        "unions",
        ("Sindacati e parti sociali", "sindacati"),
        ("Unions and social partners", "unions"),
        "sindacat* parti_sociali cgil cisl uil categorie_economiche ordini_professionali unions",
    ),
    _concept(
        "tourism",
        ("Turismo e attrattività", "turismo"),
        ("Tourism", "tourism"),
        "turism* turist* visitator* attrattiv* ospitalit* tourism tourists",
    ),
    _concept(
        "sentinels",
        ("Antenne informali del territorio", "antenne informali"),
        ("Informal eyes on the ground", "informal observers"),
        # People who see the town every day and notice a change before any figure does;
        # "medico di base" and "farmacia" name health too.
        "sentinell* antenn* farmacist* farmacia farmacie parroc* prete preti sacerdot* "
        "barist* edicolant* portinai* portierato* portiere portieri custode_sociale "
        "custodi_sociali postin* parrucchier* catechist* allenator* medico_di_base "
        "medici_di_base medico_di_famiglia medici_di_famiglia testimoni_privilegiati "
        "osservatori_informali segnali_informali segnali_deboli figure_di_prossimita "
        "prossimita occhi_del_territorio occhi_sul_territorio chi_conosce_le_persone "
        "vigile_di_quartiere vigili_di_quartiere informal* gatekeeper* key_informant* "
        "pharmacist* priest* bartender* family_doctor* gps "
        "campanell* segnali_precoci primi_segnali early_warning occhi_e_orecchie portalettere",
    ),
)
"""Every concept, in a fixed order (the order breaks ties between equally strong concepts)."""

FAMILIES = {
    "territory": (
        "elderly loneliness youth jobs leaving transport safety environment health migrants "
        "housing culture poverty disability trust meaning shops families women public_space "
        "mountain community tourism services"
    ).split(),
    "knowing": (
        "indicators stories feedback data costs over_time attribution bureaucracy mistakes "
        "digital usage privacy comparison complaints sentinels"
    ).split(),
    "taking_part": (
        "lottery third_sector external sharing decisions continuity politics reaching_out "
        "co_design meetings participatory_budget beneficiaries commitment unions"
    ).split(),
}
"""The concepts by what a question asks about: the life of the territory, how to know what
changed, who takes part and how results are used. Schools, businesses, staff and training
belong to none: a question of any kind may be about them."""
