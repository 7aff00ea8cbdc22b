//! The command line, as clap derives it, and Swedish reporting of usage errors.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Aktgranskning: granskning av personakter inom LSS och SoL.
#[derive(Debug, Parser)]
#[command(name = "aktgranskning", version, about, long_about = None)]
pub struct Cli {
    /// Databasfil (standard: programmets datakatalog, eller $AKTGRANSKNING_DB).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Skriv exakt ett JSON-värde på stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// Vem som utför ändringen (standard: inloggad användare).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Säkerhetskopiera databasen och återställ från en säkerhetskopia.
    #[command(subcommand)]
    Backup(BackupCmd),
    /// Gallra en slutförd granskning: personuppgifterna i arbetsmaterialet tas bort,
    /// rapportversionerna, resultaten och historiken (utan personuppgifter) finns kvar.
    Gallra {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Skälet (t.ex. beslutet i dokumenthanteringsplanen).
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Databasnyckeln: återställningskod och återställning efter förlorad nyckel.
    #[command(subcommand)]
    Key(KeyCmd),
    /// Skapa och lista granskningar.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Importera populationen (aktuella akter) från CSV eller XLSX.
    Import {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Hoppa över summerings- och sidfotsrader ("Summa: 549 ärenden"); de listas i
        /// resultatet, och ett antal de anger måste stämma med ärendena i filen.
        #[arg(long)]
        skip_summary: bool,
        /// Kolumnen för ett fält vars rubrik inte känns igen: FÄLT=N (N räknas från 1),
        /// t.ex. case_id=3. Valet sparas för nästa fil med samma rubriker.
        #[arg(long = "column", value_name = "FÄLT=N")]
        columns: Vec<String>,
    },
    /// Dra, visa och verifiera urvalet.
    #[command(subcommand)]
    Sample(SampleCmd),
    /// Importera svar från en CSV-fil (Ärende-id;Fråga;Svar;Kommentar).
    #[command(subcommand)]
    Answers(AnswersCmd),
    /// Registrera ett svar.
    #[command(subcommand)]
    Answer(AnswerCmd),
    /// Resultat per fråga, avsnitt och kvalitetsområde.
    Results(ResultsArgs),
    /// Granskningens framsteg, totalt och per granskare.
    Progress {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Sätt slutligt betyg på en fråga.
    #[command(subcommand)]
    Grade(GradeCmd),
    /// Checklistmallar.
    #[command(subcommand)]
    Template(TemplateCmd),
    /// Rapportens kapiteltexter.
    #[command(subcommand)]
    Chapter(ChapterCmd),
    /// Bedömningar (graderade iakttagelser) per rapportkapitel.
    #[command(subcommand)]
    Finding(FindingCmd),
    /// Uppföljning av den tidigare granskningens rekommendationer.
    #[command(subcommand)]
    Followup(FollowupCmd),
    /// Trend: uppföljningens resultat mot den granskning den följer, per punkt och område,
    /// och serien över enhetens alla tidigare granskningar.
    Trend {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Skriv om sammanfattningens mening om jämförelsen.
        #[arg(long, value_name = "TEXT", conflicts_with = "reset_summary")]
        summary: Option<String>,
        /// Gå tillbaka till den genererade meningen i sammanfattningen.
        #[arg(long)]
        reset_summary: bool,
    },
    /// Förvaltningens översikt: varje enhets senaste slutförda granskning, enheterna över
    /// tid, nivåerna per år och de öppna rekommendationerna.
    #[command(args_conflicts_with_subcommands = true)]
    Overview {
        #[command(subcommand)]
        export: Option<OverviewCmd>,
        #[command(flatten)]
        filter: OverviewFilter,
    },
    /// Rekommendationer: vad som ska göras, och nämndens svar efter slutförandet.
    #[command(subcommand)]
    Recommendation(RecommendationCmd),
    /// Anteckningar som aldrig går till nämnden: en per akt, och granskningens
    /// arbetsanteckningar (intervjuer, observationer, möten) som kapitel 4–9 skrivs från.
    #[command(subcommand)]
    Note(NoteCmd),
    /// Återkoppling till enheten (internt, loggas): checklistan för en akt och avvikelserna
    /// per handläggare.
    #[command(subcommand)]
    Feedback(FeedbackCmd),
    /// Kommentarerna som getts per fråga (internt underlag, aldrig i rapporten).
    Comments {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Bara denna fråga.
        #[arg(long, value_name = "FRÅGA")]
        item: Option<String>,
    },
    /// Dubbelgranskning: en andel av urvalet granskas blint av en andra kvalitetscontroller.
    #[command(subcommand)]
    Double(DoubleCmd),
    /// Kalibrering före granskningen: alla kvalitetscontrollers granskar samma 2–3 akter
    /// och ser hur lika de bedömer, fråga för fråga (räknas inte in i resultaten).
    #[command(subcommand)]
    Calibration(CalibrationCmd),
    /// Bedömarsamstämmighet i dubbelgranskningen: överensstämmelse, Cohens kappa och
    /// Gwets AC1 med 95 % konfidensintervall, totalt och per fråga.
    Agreement {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Skapa rapporten till nämnden som PDF.
    Report {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Filen som skrivs.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Märk rapporten UTKAST på varje sida.
        #[arg(long)]
        draft: bool,
        /// pdf (standard: taggad, arkivbeständig PDF/A) eller docx (Word, för
        /// förvaltningens egen mall).
        #[arg(long, value_name = "pdf|docx", default_value = "pdf")]
        format: String,
    },
    /// Slutför granskningen: slutlig rapport (utan UTKAST) och dess SHA-256; granskningen
    /// blir skrivskyddad.
    Finalize {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// PDF-filen som skrivs.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Öppna en slutförd granskning igen (skäl krävs); nästa slutförande blir en ny version.
    Reopen {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
    /// Granskningens historik (granskningslogg).
    Log {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Syntetiska testdata.
    #[command(subcommand)]
    Demo(DemoCmd),
    /// Faktagranskning: paket till enhetschefen, svar och hantering av kommentarer.
    #[command(subcommand)]
    Factcheck(FactcheckCmd),
    /// Arbete mellan två datorer: arbetspaket till en kollega, svarspaket tillbaka,
    /// konflikter som en person löser. Lösenfrasen från AKTGRANSKNING_PACKAGE_PASSPHRASE
    /// eller frågas efter.
    #[command(subcommand)]
    Work(WorkCmd),
}

#[derive(Debug, Subcommand)]
pub enum WorkCmd {
    /// Gör ett arbetspaket till en kollega: de akter som är fördelade till kollegan,
    /// krypterat med en lösenfras ni kommer överens om.
    Export {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Kontrollanten akterna är fördelade till.
        #[arg(long, value_name = "NAMN")]
        controller: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Öppna ett arbetspaket: en kopia av granskningen i den här databasen (eller, för
    /// ett senare paket, huvudgranskningens ändringar in i kopian).
    Open {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Skriv kopians svarspaket till den som delade ut arbetet.
    Return {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Läs in en kollegas svarspaket; svar som ändrats olika på båda håll blir
    /// konflikter.
    Import {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Lös en konflikt: --value ours, theirs, ja, delvis, nej, ej_aktuellt eller
    /// obesvarad (för akten anteckning: ours eller theirs).
    Settle {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "C")]
        case: String,
        /// Granskningspunkten, eller "anteckning".
        #[arg(long, value_name = "I")]
        item: String,
        #[arg(long, value_name = "V")]
        value: String,
        /// Kommentaren till svaret (standard: den sidans kommentar som valdes).
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
    },
    /// Paketen och konflikterna.
    Status {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum FactcheckCmd {
    /// Skriv faktagranskningspaketet (utkast, bedömningar, resultat; inga personuppgifter).
    Export {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// När svaret väntas senast, ÅÅÅÅ-MM-DD (standard: om tre veckor).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
    },
    /// Avsluta omgången som väntar på svar, med ett skäl: utan svar från enhetschefen
    /// (står i rapportens Metod), eller återkallad (--withdraw).
    Close {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Paketet återkallas (skickat för tidigt, utkastet har ändrats).
        #[arg(long)]
        withdraw: bool,
    },
    /// Avsluta omgången som väntar på svar, med ett skäl (t.ex. "inget svar inom tre
    /// veckor"); rapportens Metod säger att enhetschefen inte har lämnat synpunkter.
    /// Med --recalled: paketet återkallas (skickat för tidigt, utkastet har ändrats).
    Withdraw {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long)]
        recalled: bool,
    },
    /// Till en enhetschef utan Aktgranskning: ett svarsformulär (XLSX eller DOCX) att
    /// fylla i och skicka tillbaka, och utkastet som PDF. Startar en ny omgång.
    Form {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Svarsformuläret: .xlsx (Excel) eller .docx (Word).
        #[arg(long, value_name = "FILE.xlsx|FILE.docx")]
        out: PathBuf,
        /// Utkastet till rapporten (standard: formulärets namn med -utkast.pdf).
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
        /// När svaret väntas senast, ÅÅÅÅ-MM-DD (standard: om tre veckor).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
    },
    /// Läs in ett ifyllt svarsformulär, XLSX eller DOCX (allt eller inget). Samma som
    /// `factcheck import` med ett formulär.
    ImportForm {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(value_name = "FILE.xlsx|FILE.docx")]
        file: PathBuf,
    },
    /// Registrera synpunkter som kom på ett möte, per e-post eller telefon: en synpunkt
    /// med --finding (eller --chapter), --kind och --text, eller flera med --comments.
    Record {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Vem som lämnade synpunkterna (standard: Enhetschefen).
        #[arg(long, value_name = "NAMN")]
        responder: Option<String>,
        /// Hur och när, t.ex. "möte 2026-12-03".
        #[arg(long, alias = "via", value_name = "TEXT")]
        source: String,
        /// Bedömningen synpunkten gäller.
        #[arg(long, value_name = "F", conflicts_with_all = ["chapter", "comments"])]
        finding: Option<i64>,
        /// Kapitlet synpunkten gäller (i stället för en bedömning).
        #[arg(long, value_name = "N", conflicts_with = "comments")]
        chapter: Option<u32>,
        /// Faktafel, Kommentar eller Instämmer.
        #[arg(long, value_name = "K", conflicts_with = "comments")]
        kind: Option<String>,
        /// Synpunktens text.
        #[arg(long, value_name = "T", conflicts_with = "comments")]
        text: Option<String>,
        /// `[{"finding": ID, "kind": "Faktafel"|"Kommentar"|"Instämmer", "text": …}, …]`
        /// (eller "chapter": N i stället för finding).
        #[arg(long, value_name = "FILE.json")]
        comments: Option<PathBuf>,
    },
    /// Omgångarna: skickad, svar senast, besvarad eller avslutad.
    Rounds {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Enhetschefens svar på ett paket, från en JSON-lista med kommentarer.
    Respond {
        #[arg(long, value_name = "FILE")]
        package: PathBuf,
        #[arg(long, value_name = "RESPONSE")]
        out: PathBuf,
        /// `[{"finding": ID, "kind": "Faktafel"|"Kommentar"|"Instämmer", "text": …}, …]`.
        #[arg(long, value_name = "FILE.json")]
        comments: PathBuf,
    },
    /// Importera enhetschefens svar: svarsfilen från appen, eller ett ifyllt
    /// svarsformulär (XLSX eller DOCX).
    Import {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(value_name = "RESPONSE|FILE.xlsx|FILE.docx")]
        response: PathBuf,
    },
    /// Lista kommentarerna.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Godta eller avvisa en kommentar.
    Resolve {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "C")]
        comment: i64,
        #[arg(long, conflicts_with = "reject", required_unless_present = "reject")]
        accept: bool,
        #[arg(long)]
        reject: bool,
        /// Skälet (krävs vid avvisning).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// Bedömningens nya text, när en godtagen kommentar ändrar den.
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Skapa en granskning.
    New(NewAuditArgs),
    /// Lista granskningarna.
    List,
    /// Vad som hindrar slutförandet, och vad som är lätt att missa (ingen faktagranskning,
    /// nivåer bara föreslagna, bedömningar utan rekommendation, kapitel utan text).
    Readiness {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Rätta planeringen (fram till slutförandet); historiken behåller gamla och nya värden.
    Edit {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        board: Option<String>,
        #[arg(long)]
        diarienr: Option<String>,
        /// Granskningsdatum, ÅÅÅÅ-MM-DD (bara innan populationen importeras).
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        team: TeamArgs,
    },
    /// Ta bort en granskning som bara har sin planering (ingen population, inget urval).
    /// Den försvinner ur alla listor; historiken finns kvar.
    Remove {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Arkivera en granskning (den behålls hel men visas inte i den dagliga listan).
    Archive {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Ta tillbaka granskningen till listan.
        #[arg(long)]
        undo: bool,
    },
    /// Kontrollera att historiken är hel och att granskningens data stämmer med den.
    Verify {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
}

#[derive(Debug, Args)]
pub struct NewAuditArgs {
    /// Granskad enhet.
    #[arg(long)]
    pub unit: String,
    /// Förvaltning.
    #[arg(long)]
    pub org: String,
    /// Nämnd.
    #[arg(long)]
    pub board: String,
    /// Diarienummer.
    #[arg(long)]
    pub diarienr: String,
    /// Granskningsdatum (referensdatum för åldrar), ÅÅÅÅ-MM-DD.
    #[arg(long)]
    pub date: String,
    /// Checklistmall (standard: standardmall).
    #[arg(long, value_name = "T")]
    pub template: Option<String>,
    /// Mallens version (standard: den senaste).
    #[arg(long, value_name = "V")]
    pub template_version: Option<u32>,
    /// Uppföljning av en tidigare granskning av samma enhet.
    #[arg(long, value_name = "PREV")]
    pub follows: Option<i64>,
    #[command(flatten)]
    pub team: TeamArgs,
}

/// Who does the audit and the period it covers.
#[derive(Debug, Args)]
pub struct TeamArgs {
    /// Kvalitetscontrollers, kommaseparerade (står på rapportens försättsblad).
    #[arg(long, value_name = "NAMN,NAMN")]
    pub controllers: Option<String>,
    /// Granskningsperiodens början, ÅÅÅÅ-MM-DD (tomt tar bort den).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub period_from: Option<String>,
    /// Granskningsperiodens slut, ÅÅÅÅ-MM-DD (tomt tar bort den).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub period_to: Option<String>,
}

impl TeamArgs {
    /// The controllers as a list.
    pub fn names(&self) -> Option<Vec<String>> {
        self.controllers
            .as_ref()
            .map(|c| c.split(',').map(|n| n.trim().to_string()).collect())
    }
}

#[derive(Debug, Subcommand)]
pub enum SampleCmd {
    /// Dra urvalet (eller dra om det).
    Draw(DrawArgs),
    /// Visa det aktuella urvalet.
    Show {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Härled urvalet på nytt och kontrollera att det stämmer.
    Verify {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Fördela urvalet mellan granskarna.
    Assign {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Granskarnas namn, kommaseparerade.
        #[arg(long, value_name = "NAMES", value_delimiter = ',')]
        controllers: Vec<String>,
    },
    /// Lista urvalets akter (ärende-id, lagrum, insats, handläggare, granskare): internt,
    /// för att ta fram akterna ur verksamhetssystemet. Med --out som kalkylblad (XLSX,
    /// antecknas i historiken).
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE.xlsx")]
        out: Option<PathBuf>,
    },
    /// Hur många akter en andel ger, innan urvalet dras.
    Size {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Andel i procent, t.ex. 30 eller 12,5.
        #[arg(long, value_name = "PROCENT")]
        percent: String,
    },
    /// Skriv den kanoniska populationen (ärende-id och stratum) för extern verifiering.
    Population {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Slå ihop handläggare som stavats på olika sätt (innan urvalet dras).
    MergeOfficers {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Namnet akterna ska stå på.
        #[arg(long, value_name = "NAME")]
        into: String,
        /// En annan stavning (kan anges flera gånger).
        #[arg(long, value_name = "NAME", required = true)]
        from: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Gör en säkerhetskopia (konsekvent även medan appen skriver).
    Create {
        /// Filen (standard: säkerhetskopior/ bredvid databasen).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Lista säkerhetskopiorna i säkerhetskopior/ bredvid databasen, nyaste först.
    List,
    /// Återställ databasen från en säkerhetskopia (den ersatta databasen sparas först).
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCmd {
    /// Hur databasen är krypterad och var nyckeln finns.
    Status,
    /// Visa återställningskoden för nyckeln i nyckelringen (förvara den säkert).
    RecoveryCode,
    /// Lägg tillbaka en förlorad nyckel i nyckelringen: läser återställningskoden från
    /// standard in (aldrig från kommandoraden, där andra kan se den).
    Recover,
}

#[derive(Debug, Args)]
pub struct DrawArgs {
    #[arg(long, value_name = "ID")]
    pub audit: i64,
    /// Urvalsandel i procent (standard 30).
    #[arg(long, value_name = "P")]
    pub percent: Option<String>,
    /// Slumpfrö (standard: från operativsystemets slumpkälla).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Stratifiering: lagrum,handlaggare (standard), lagrum eller none.
    #[arg(long, value_name = "STRATA")]
    pub strata: Option<String>,
    /// Skäl till att urvalet dras om.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AnswersCmd {
    /// Importera svar (allt eller inget).
    Import {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Svaren i den andra granskningen (dubbelgranskning); --user ska vara andragranskare
        /// för varje akt i filen.
        #[arg(long, conflicts_with = "calibration")]
        second: bool,
        /// Svaren i kalibreringen (räknas inte in i resultaten).
        #[arg(long)]
        calibration: bool,
    },
    /// Exportera alla svar per akt och fråga som kalkylblad (XLSX). Internt
    /// arbetsmaterial med ärende-id: inte för nämnden; exporten loggas.
    Export {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

/// `results --audit ID` shows the results; `results export …` writes them as a sheet.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ResultsArgs {
    #[arg(long, value_name = "ID", required = true)]
    pub audit: Option<i64>,
    #[command(subcommand)]
    pub cmd: Option<ResultsCmd>,
}

#[derive(Debug, Subcommand)]
pub enum ResultsCmd {
    /// Exportera resultaten per fråga, område och kvalitetsområde som kalkylblad (XLSX).
    Export {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum AnswerCmd {
    /// Registrera eller ändra ett svar.
    Set {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Ärende-id.
        #[arg(long, value_name = "CASE_ID")]
        case: String,
        /// Frågans id, t.ex. samtycke.journal.
        #[arg(long, value_name = "ITEM_ID")]
        item: String,
        /// ja, delvis, nej eller ej-aktuellt.
        #[arg(long)]
        value: String,
        #[arg(long, value_name = "TEXT")]
        comment: Option<String>,
        /// Svaret i den andra granskningen (dubbelgranskning); --user ska vara aktens
        /// andragranskare.
        #[arg(long, conflicts_with = "calibration")]
        second: bool,
        /// Svaret i kalibreringen (räknas inte in i resultaten).
        #[arg(long)]
        calibration: bool,
    },
    /// Ta bort ett svar: frågan blir obesvarad igen (historiken behåller vad det var).
    Clear {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "CASE_ID")]
        case: String,
        #[arg(long, value_name = "ITEM_ID")]
        item: String,
        /// Svaret i den andra granskningen (dubbelgranskning).
        #[arg(long)]
        second: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GradeCmd {
    /// Sätt slutligt betyg (gron, gul eller rod).
    Set {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "ITEM_ID")]
        item: String,
        #[arg(long)]
        grade: String,
        /// Krävs när betyget skiljer sig från det föreslagna.
        #[arg(long, value_name = "TEXT")]
        motivation: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChapterCmd {
    /// Sätt ett kapitels text från en textfil (UTF-8 eller Windows-1252).
    Set {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "N")]
        chapter: u32,
        #[arg(long, value_name = "FILE")]
        text_file: PathBuf,
    },
    /// Lista kapitlen och deras texter.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum FindingCmd {
    /// Lägg till en bedömning i ett kapitel (1 eller 4–9).
    Add {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "N")]
        chapter: u32,
        /// gron, gul eller rod.
        #[arg(long)]
        grade: String,
        #[arg(long, value_name = "TEXT")]
        text: String,
    },
    /// Ändra en bedömning.
    Edit {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Bedömningens id.
        #[arg(long, value_name = "F")]
        id: i64,
        #[arg(long, value_name = "N")]
        chapter: Option<u32>,
        #[arg(long)]
        grade: Option<String>,
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
    },
    /// Lista bedömningarna.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Föreslå bedömningar i kapitel 8 (Aktgranskning) ur resultaten.
    Propose {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// Lista mallarna och deras versioner.
    List,
    /// Exportera en mall till en fil (senaste versionen om --version saknas).
    Export {
        #[arg(long, value_name = "T")]
        id: String,
        #[arg(long)]
        version: Option<u32>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Importera en mall från en fil.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum DemoCmd {
    /// Skapa en komplett demogranskning (549 akter, 165 granskade, som referensrapporten).
    Audit,
    /// Skapa en övningsgranskning som pågår (121 akter, en tredjedel av urvalet granskat).
    Practice,
    /// Skriv en syntetisk population som CSV.
    Population {
        #[arg(long, default_value_t = 549)]
        count: usize,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Referensdatum, ÅÅÅÅ-MM-DD.
        #[arg(long, default_value = "2023-09-01")]
        date: String,
        /// Avgränsare: ; , eller tab.
        #[arg(long, default_value = ";")]
        delimiter: String,
    },
}

/// Reports a command-line error in Swedish (help and version go out as clap prints
/// them). Exit code 2, as for any invalid input.
pub fn report_usage_error(e: clap::Error, json: bool) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::from(2);
    }
    let ctx = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let arg = ctx(ContextKind::InvalidArg);
    let message = match e.kind() {
        ErrorKind::MissingRequiredArgument => format!("Obligatoriskt argument saknas: {arg}"),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!(
                "Ogiltigt värde ”{}” för {arg}",
                ctx(ContextKind::InvalidValue)
            )
        }
        ErrorKind::UnknownArgument => format!("Okänt argument: {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("Okänt kommando: {}", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingSubcommand => "Kommando saknas".to_string(),
        ErrorKind::ArgumentConflict => format!("Argumenten går inte att kombinera: {arg}"),
        _ => "Ogiltigt kommando".to_string(),
    };
    let message = format!("{message}. Se aktgranskning --help.");
    if json {
        println!(
            "{}",
            serde_json::json!({"code": "invalid_input", "message": message, "errors": [{"message": message}]})
        );
    } else {
        eprintln!("Fel: {message}");
    }
    ExitCode::from(2)
}

#[derive(Debug, Subcommand)]
pub enum FeedbackCmd {
    /// Checklistan för en akt i urvalet som PDF: tom att granska på papper, eller ifylld
    /// med svar och kommentarer till aktens handläggare.
    Checklist {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "ÄRENDE")]
        case: String,
        /// En tom checklista att fylla i för hand.
        #[arg(long)]
        blank: bool,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Avvikelserna (Nej och Delvis med kommentarer) per handläggare och akt, som PDF till
    /// enhetschefen.
    Deviations {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Bara denna handläggares akter.
        #[arg(long, value_name = "NAMN")]
        officer: Option<String>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

/// A working note's fields.
#[derive(Debug, Args)]
pub struct NoteFields {
    /// intervju, observation, mote eller ovrigt.
    #[arg(long, value_name = "SLAG", default_value = "ovrigt")]
    pub kind: String,
    /// Kapitlet i rapporten (4–9) som anteckningen är underlag för.
    #[arg(long, value_name = "N")]
    pub chapter: Option<u32>,
    /// När intervjun, observationen eller mötet ägde rum, ÅÅÅÅ-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    #[arg(long, value_name = "TEXT")]
    pub text: String,
}

#[derive(Debug, Subcommand)]
pub enum NoteCmd {
    /// Skriv anteckningen om en akt (vad akten saknade i stort); tom text tar bort den.
    File {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "ÄRENDE")]
        case: String,
        #[arg(long, value_name = "TEXT")]
        text: String,
    },
    /// Lägg till en arbetsanteckning.
    Add {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[command(flatten)]
        fields: NoteFields,
    },
    /// Skriv om en arbetsanteckning: det som anges ändras, resten står kvar.
    Edit {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Anteckningens nummer.
        #[arg(long, value_name = "N")]
        id: i64,
        /// intervju, observation, mote eller ovrigt.
        #[arg(long, value_name = "SLAG")]
        kind: Option<String>,
        /// Kapitlet (4–9); 0 tar bort kopplingen till ett kapitel.
        #[arg(long, value_name = "N")]
        chapter: Option<u32>,
        /// ÅÅÅÅ-MM-DD; tomt tar bort datumet.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
    },
    /// Ta bort en arbetsanteckning (historiken behåller vad den sa).
    Remove {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "N")]
        id: i64,
    },
    /// Lista granskningens anteckningar: per akt och arbetsanteckningar.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecommendationCmd {
    /// Lägg till en rekommendation, formulerad som en åtgärd.
    Add {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// Bedömningen som rekommendationen svarar på.
        #[arg(long, value_name = "FID")]
        finding: Option<i64>,
    },
    /// Lista granskningens rekommendationer med nämndens svar.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Registrera nämndens svar (beslutad åtgärd), ansvarig och när det ska vara klart.
    /// Går även när granskningen är slutförd.
    Respond {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Rekommendationens id.
        #[arg(long, value_name = "R")]
        id: i64,
        #[arg(long, value_name = "TEXT")]
        response: String,
        /// Ansvarig (roll).
        #[arg(long, value_name = "ROLL")]
        owner: Option<String>,
        /// Klart senast, ÅÅÅÅ-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
    },
    /// Registret: alla granskningars rekommendationer med nämndens svar och vad som blev
    /// av dem vid senaste uppföljningen.
    Register {
        /// Bara denna enhets granskningar.
        #[arg(long, value_name = "ENHET")]
        unit: Option<String>,
        /// oppen, ej_uppfoljd, genomford, pagar, ej_paborjad eller ej_aktuell.
        #[arg(long, value_name = "STATUS")]
        status: Option<String>,
        /// Bara de öppna vars sista datum har passerats.
        #[arg(long)]
        overdue: bool,
    },
}

/// Which units the overview covers.
#[derive(Debug, Args)]
pub struct OverviewFilter {
    /// Bara denna förvaltning.
    #[arg(long, value_name = "FÖRVALTNING")]
    pub org: Option<String>,
    /// Bara granskningar med aktuella akter detta år (ÅÅÅÅ).
    #[arg(long, value_name = "YYYY")]
    pub year: Option<i32>,
}

#[derive(Debug, Subcommand)]
pub enum OverviewCmd {
    /// Skriv översikten som kalkylblad (.xlsx), PDF (.pdf) eller Word (.docx).
    Export {
        /// Filen som skrivs; formatet väljs efter filnamnet.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[command(flatten)]
        filter: OverviewFilter,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalibrationCmd {
    /// Dra akterna för kalibrering ur urvalet.
    Draw {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// 2 eller 3 (standard 3).
        #[arg(long, value_name = "N", default_value_t = 3)]
        files: usize,
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
    },
    /// Visa kalibreringen: alla svar och samstämmigheten per fråga, när du själv har
    /// svarat på allt.
    Show {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum DoubleCmd {
    /// Dra andelen som granskas två gånger (standard 10 %, minst 5 akter), stratifierad som
    /// urvalet.
    Draw {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Andel av urvalet i procent (standard 10).
        #[arg(long, value_name = "P")]
        percent: Option<String>,
        /// Slumpfrö (standard: från operativsystemets slumpkälla).
        #[arg(long, value_name = "S")]
        seed: Option<u64>,
    },
    /// Tilldela andragranskaren, för alla dragna akter eller en.
    Assign {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "NAMN")]
        reviewer: String,
        /// Bara denna akt.
        #[arg(long, value_name = "CASE_ID")]
        case: Option<String>,
    },
    /// Visa de dragna akterna med andragranskare och om båda granskningarna är klara.
    Show {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Lista de skiljaktiga bedömningarna i akter där båda granskningarna är klara.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Avgör en skiljaktig bedömning: svaret som gäller, och varför.
    Settle {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "CASE_ID")]
        case: String,
        #[arg(long, value_name = "ITEM_ID")]
        item: String,
        /// ja, delvis, nej eller ej-aktuellt.
        #[arg(long)]
        value: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FollowupCmd {
    /// Lista den tidigare granskningens rekommendationer med nämndens och enhetens svar.
    List {
        #[arg(long, value_name = "ID")]
        audit: i64,
    },
    /// Registrera enhetens svar på en rekommendation.
    Set {
        #[arg(long, value_name = "ID")]
        audit: i64,
        /// Rekommendationens id (i granskningen som följs upp).
        #[arg(long, value_name = "R")]
        recommendation: i64,
        /// genomford, pagar, ej_paborjad eller ej_aktuell.
        #[arg(long, value_name = "STATUS")]
        status: String,
        /// Svar och beskrivning av situationen idag.
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// Kvalitetscontrollerns egen bedömning.
        #[arg(long, value_name = "TEXT")]
        assessment: Option<String>,
    },
    /// Skriv formuläret som enheten fyller i utan Aktgranskning (XLSX).
    Form {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
    /// Läs in enhetens ifyllda formulär (allt eller inget).
    Import {
        #[arg(long, value_name = "ID")]
        audit: i64,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}
