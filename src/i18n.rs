//! Every string the user reads: English, German and Spanish. A message a locale lacks
//! falls back to English.
//!
//! English is built into the wasm. German and Spanish are written here too (the
//! source of truth, tested natively), but the wasm does not carry them: they ship as
//! `i18n/de.json` and `i18n/es.json` next to the loader (generated from this file and
//! checked against it by `tests/i18n.rs`), and a widget fetches its language's file
//! when it starts. Until it arrives, and if it never does, the widget speaks English.

/// The widget's languages. `locale` attribute, else the page's `<html lang>`, else
/// English.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    #[default]
    En,
    De,
    Es,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::De, Locale::Es];

    /// `de`, `de-AT`, `es_MX`, `EN`... Unknown or missing tags are `None`.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "de" => Some(Locale::De),
            "es" => Some(Locale::Es),
            _ => None,
        }
    }

    /// The `locale` attribute wins; then the page language; then English.
    pub fn resolve(attribute: Option<&str>, page_lang: Option<&str>) -> Locale {
        attribute
            .and_then(Locale::from_tag)
            .or_else(|| page_lang.and_then(Locale::from_tag))
            .unwrap_or_default()
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Es => "es",
        }
    }

    /// The message in this locale, or in English where this locale lacks it (or its
    /// catalogue has not arrived).
    pub fn text(self, key: T) -> &'static str {
        self.localized(key).unwrap_or_else(|| en(key))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn localized(self, key: T) -> Option<&'static str> {
        match self {
            Locale::En => None,
            Locale::De => de(key),
            Locale::Es => es(key),
        }
    }

    #[cfg(target_arch = "wasm32")]
    fn localized(self, key: T) -> Option<&'static str> {
        loaded::text(self, key)
    }

    /// The catalogue file's messages, in `T` order (`""` where the locale has none):
    /// what `i18n/{tag}.json` holds.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn catalogue(self) -> Vec<&'static str> {
        ALL_KEYS
            .iter()
            .map(|&key| self.localized(key).unwrap_or(""))
            .collect()
    }

    /// One pass over the message: a value that itself contains `{...}` is never
    /// filled in again, and a placeholder without an argument stays as it is.
    pub fn fill(self, key: T, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = self.text(key);
        while let Some((before, after)) = rest.split_once('{') {
            out.push_str(before);
            let filled = after.split_once('}').and_then(|(name, tail)| {
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some((value, tail))
            });
            match filled {
                Some((value, tail)) => {
                    out.push_str(value);
                    rest = tail;
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// Message keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum T {
    ListTitle,
    SearchLabel,
    GroupOAuth,
    GroupPassword,
    GroupEmail,
    NoProviders,
    NoMatch,
    Matches,
    ConnectTitle,
    SignInHint,
    UsernameLabel,
    PasswordLabel,
    ShowPassword,
    HidePassword,
    Connect,
    Connecting,
    SlowWait,
    Back,
    MfaTitle,
    MfaCodeLabel,
    MfaSent,
    MfaSentTo,
    MfaBySms,
    MfaByEmail,
    Verify,
    Verifying,
    EmailHint,
    EmailLabel,
    RegionLabel,
    Loading,
    Opening,
    TakingYou,
    ConnectedTitle,
    AccountConnected,
    SomeAccountConnected,
    ConnectAnother,
    FailedTitle,
    TryAgain,
    BackToProviders,
    // Form problems found before sending.
    InputCredentials,
    InputMfaCode,
    InputEmail,
    InputRegion,
    // Errors.
    ErrConfig,
    ErrTokenEndpoint,
    ErrNetwork,
    ErrTimeout,
    ErrSession,
    ErrInvalidProvider,
    ErrInvalidUser,
    ErrInvalidCredentials,
    ErrValidation,
    ErrValidationDetail,
    ErrTooMany,
    ErrServer,
    ErrHttp,
    ErrMalformed,
    ErrOAuthUrl,
    ErrInternal,
    ErrPanic,
    LinkCredential,
    LinkPasswordExpired,
    LinkProviderApi,
    LinkUnsupportedRegion,
    LinkDuplicate,
    LinkScopes,
    LinkMfaCode,
    LinkCancelled,
    LinkUnknown,
}

/// Every key, in declaration order (`key as usize` is its place in a catalogue file).
pub const ALL_KEYS: &[T] = &[
    T::ListTitle,
    T::SearchLabel,
    T::GroupOAuth,
    T::GroupPassword,
    T::GroupEmail,
    T::NoProviders,
    T::NoMatch,
    T::Matches,
    T::ConnectTitle,
    T::SignInHint,
    T::UsernameLabel,
    T::PasswordLabel,
    T::ShowPassword,
    T::HidePassword,
    T::Connect,
    T::Connecting,
    T::SlowWait,
    T::Back,
    T::MfaTitle,
    T::MfaCodeLabel,
    T::MfaSent,
    T::MfaSentTo,
    T::MfaBySms,
    T::MfaByEmail,
    T::Verify,
    T::Verifying,
    T::EmailHint,
    T::EmailLabel,
    T::RegionLabel,
    T::Loading,
    T::Opening,
    T::TakingYou,
    T::ConnectedTitle,
    T::AccountConnected,
    T::SomeAccountConnected,
    T::ConnectAnother,
    T::FailedTitle,
    T::TryAgain,
    T::BackToProviders,
    T::InputCredentials,
    T::InputMfaCode,
    T::InputEmail,
    T::InputRegion,
    T::ErrConfig,
    T::ErrTokenEndpoint,
    T::ErrNetwork,
    T::ErrTimeout,
    T::ErrSession,
    T::ErrInvalidProvider,
    T::ErrInvalidUser,
    T::ErrInvalidCredentials,
    T::ErrValidation,
    T::ErrValidationDetail,
    T::ErrTooMany,
    T::ErrServer,
    T::ErrHttp,
    T::ErrMalformed,
    T::ErrOAuthUrl,
    T::ErrInternal,
    T::ErrPanic,
    T::LinkCredential,
    T::LinkPasswordExpired,
    T::LinkProviderApi,
    T::LinkUnsupportedRegion,
    T::LinkDuplicate,
    T::LinkScopes,
    T::LinkMfaCode,
    T::LinkCancelled,
    T::LinkUnknown,
];

fn en(key: T) -> &'static str {
    match key {
        T::ListTitle => "Connect a device",
        T::SearchLabel => "Search providers",
        T::GroupOAuth => "Sign in with the provider",
        T::GroupPassword => "Email and password",
        T::GroupEmail => "Email",
        T::NoProviders => "No providers are available to connect.",
        T::NoMatch => "No providers match your search.",
        T::Matches => "{count} providers match",
        T::ConnectTitle => "Connect {name}",
        T::SignInHint => "Sign in with your {name} account.",
        T::UsernameLabel => "Email or username",
        T::PasswordLabel => "Password",
        T::ShowPassword => "Show password",
        T::HidePassword => "Hide password",
        T::Connect => "Connect",
        T::Connecting => "Connecting…",
        T::SlowWait => "This can take up to a minute. Please keep this page open.",
        T::Back => "Back",
        T::MfaTitle => "Enter your verification code",
        T::MfaCodeLabel => "Verification code",
        T::MfaSent => "Enter the verification code {name} sent you{by}.",
        T::MfaSentTo => "Enter the verification code {name} sent{by} to {hint}.",
        T::MfaBySms => " by text message",
        T::MfaByEmail => " by email",
        T::Verify => "Verify",
        T::Verifying => "Verifying…",
        T::EmailHint => "Enter the email address of your {name} account.",
        T::EmailLabel => "Email",
        T::RegionLabel => "Region",
        T::Loading => "Loading providers…",
        T::Opening => "Opening {name}…",
        T::TakingYou => "Taking you to {name} to sign in.",
        T::ConnectedTitle => "Connected",
        T::AccountConnected => "Your {name} account is connected.",
        T::SomeAccountConnected => "Your account is connected.",
        T::ConnectAnother => "Connect another device",
        T::FailedTitle => "Something went wrong",
        T::TryAgain => "Try again",
        T::BackToProviders => "Back to providers",
        T::InputCredentials => "Please enter your username or email and your password.",
        T::InputMfaCode => "Please enter the code you received.",
        T::InputEmail => "Please enter a valid email address, like name@example.com.",
        T::InputRegion => "Please choose a region from the list.",
        T::ErrConfig => "This widget is not set up correctly: {what}.",
        T::ErrTokenEndpoint => "We couldn't start a secure session with this app. Please try again.",
        T::ErrNetwork => "We couldn't reach the connection service. Check your internet connection and try again.",
        T::ErrTimeout => "The connection service took too long to answer. Please try again.",
        T::ErrSession => "Your session has expired. Please try again.",
        T::ErrInvalidProvider => "This provider isn't supported right now.",
        T::ErrInvalidUser => "We couldn't find your account in this app. Please sign in again and retry.",
        T::ErrInvalidCredentials => "Those details weren't accepted. Check them and try again.",
        T::ErrValidation => "Please check what you entered and try again.",
        T::ErrValidationDetail => "Please check what you entered: {detail}.",
        T::ErrTooMany => "Too many attempts. Please wait a moment and try again.",
        T::ErrServer => "The connection service is having trouble. Please try again in a moment.",
        T::ErrHttp => "Something went wrong while connecting. Please try again.",
        T::ErrMalformed => "The connection service sent an answer we couldn't read. Please try again.",
        T::ErrOAuthUrl => "This provider's sign-in page address looks unsafe, so we didn't open it.",
        T::ErrInternal => "Something went wrong in this widget. Please try again.",
        T::ErrPanic => "Something went wrong in this widget. Please reload the page and try again.",
        T::LinkCredential => "The username or password wasn't accepted by the provider. Check them and try again.",
        T::LinkPasswordExpired => "Your password with this provider has expired. Reset it with the provider, then try again.",
        T::LinkProviderApi => "The provider's service is having trouble. Please try again in a moment.",
        T::LinkUnsupportedRegion => "This provider isn't available in the selected region.",
        T::LinkDuplicate => "This provider account is already connected to another user.",
        T::LinkScopes => "Some permissions this app needs were not granted. Please try again and allow all of them.",
        T::LinkMfaCode => "That code wasn't right. Check it and try again.",
        T::LinkCancelled => "The connection was cancelled.",
        T::LinkUnknown => "The provider couldn't be connected. Please try again.",
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn de(key: T) -> Option<&'static str> {
    Some(match key {
        T::ListTitle => "Gerät verbinden",
        T::SearchLabel => "Anbieter suchen",
        T::GroupOAuth => "Beim Anbieter anmelden",
        T::GroupPassword => "E-Mail und Passwort",
        T::GroupEmail => "E-Mail",
        T::NoProviders => "Es sind keine Anbieter zum Verbinden verfügbar.",
        T::NoMatch => "Kein Anbieter passt zu Ihrer Suche.",
        T::Matches => "{count} Anbieter gefunden",
        T::ConnectTitle => "{name} verbinden",
        T::SignInHint => "Melden Sie sich mit Ihrem {name}-Konto an.",
        T::UsernameLabel => "E-Mail oder Benutzername",
        T::PasswordLabel => "Passwort",
        T::ShowPassword => "Passwort anzeigen",
        T::HidePassword => "Passwort verbergen",
        T::Connect => "Verbinden",
        T::Connecting => "Wird verbunden…",
        T::SlowWait => "Das kann bis zu einer Minute dauern. Bitte lassen Sie diese Seite geöffnet.",
        T::Back => "Zurück",
        T::MfaTitle => "Bestätigungscode eingeben",
        T::MfaCodeLabel => "Bestätigungscode",
        T::MfaSent => "Geben Sie den Bestätigungscode ein, den {name} Ihnen{by} gesendet hat.",
        T::MfaSentTo => "Geben Sie den Bestätigungscode ein, den {name}{by} an {hint} gesendet hat.",
        T::MfaBySms => " per SMS",
        T::MfaByEmail => " per E-Mail",
        T::Verify => "Bestätigen",
        T::Verifying => "Wird geprüft…",
        T::EmailHint => "Geben Sie die E-Mail-Adresse Ihres {name}-Kontos ein.",
        T::EmailLabel => "E-Mail",
        T::RegionLabel => "Region",
        T::Loading => "Anbieter werden geladen…",
        T::Opening => "{name} wird geöffnet…",
        T::TakingYou => "Sie werden zur Anmeldung zu {name} weitergeleitet.",
        T::ConnectedTitle => "Verbunden",
        T::AccountConnected => "Ihr {name}-Konto ist verbunden.",
        T::SomeAccountConnected => "Ihr Konto ist verbunden.",
        T::ConnectAnother => "Weiteres Gerät verbinden",
        T::FailedTitle => "Etwas ist schiefgelaufen",
        T::TryAgain => "Erneut versuchen",
        T::BackToProviders => "Zurück zu den Anbietern",
        T::InputCredentials => "Bitte geben Sie Ihren Benutzernamen oder Ihre E-Mail und Ihr Passwort ein.",
        T::InputMfaCode => "Bitte geben Sie den erhaltenen Code ein.",
        T::InputEmail => "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.",
        T::InputRegion => "Bitte wählen Sie eine Region aus der Liste.",
        T::ErrConfig => "Dieses Widget ist nicht richtig eingerichtet: {what}.",
        T::ErrTokenEndpoint => "Wir konnten keine sichere Sitzung mit dieser App starten. Bitte versuchen Sie es erneut.",
        T::ErrNetwork => "Der Verbindungsdienst ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.",
        T::ErrTimeout => "Der Verbindungsdienst hat zu lange nicht geantwortet. Bitte versuchen Sie es erneut.",
        T::ErrSession => "Ihre Sitzung ist abgelaufen. Bitte versuchen Sie es erneut.",
        T::ErrInvalidProvider => "Dieser Anbieter wird derzeit nicht unterstützt.",
        T::ErrInvalidUser => "Wir konnten Ihr Konto in dieser App nicht finden. Bitte melden Sie sich erneut an.",
        T::ErrInvalidCredentials => "Diese Angaben wurden nicht akzeptiert. Prüfen Sie sie und versuchen Sie es erneut.",
        T::ErrValidation => "Bitte prüfen Sie Ihre Eingaben und versuchen Sie es erneut.",
        T::ErrValidationDetail => "Bitte prüfen Sie Ihre Eingaben: {detail}.",
        T::ErrTooMany => "Zu viele Versuche. Bitte warten Sie einen Moment.",
        T::ErrServer => "Der Verbindungsdienst hat Probleme. Bitte versuchen Sie es gleich noch einmal.",
        T::ErrHttp => "Beim Verbinden ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.",
        T::ErrMalformed => "Der Verbindungsdienst hat eine unlesbare Antwort gesendet. Bitte versuchen Sie es erneut.",
        T::ErrOAuthUrl => "Die Anmeldeseite dieses Anbieters wirkt unsicher und wurde nicht geöffnet.",
        T::ErrInternal => "In diesem Widget ist ein Fehler aufgetreten. Bitte versuchen Sie es erneut.",
        T::ErrPanic => "In diesem Widget ist ein Fehler aufgetreten. Bitte laden Sie die Seite neu.",
        T::LinkCredential => "Benutzername oder Passwort wurden vom Anbieter nicht akzeptiert. Prüfen Sie sie und versuchen Sie es erneut.",
        T::LinkPasswordExpired => "Ihr Passwort bei diesem Anbieter ist abgelaufen. Setzen Sie es beim Anbieter zurück und versuchen Sie es erneut.",
        T::LinkProviderApi => "Der Dienst des Anbieters hat Probleme. Bitte versuchen Sie es gleich noch einmal.",
        T::LinkUnsupportedRegion => "Dieser Anbieter ist in der gewählten Region nicht verfügbar.",
        T::LinkDuplicate => "Dieses Anbieterkonto ist bereits mit einem anderen Benutzer verbunden.",
        T::LinkScopes => "Einige benötigte Berechtigungen wurden nicht erteilt. Bitte erlauben Sie alle.",
        T::LinkMfaCode => "Dieser Code war nicht richtig. Prüfen Sie ihn und versuchen Sie es erneut.",
        T::LinkCancelled => "Die Verbindung wurde abgebrochen.",
        T::LinkUnknown => "Der Anbieter konnte nicht verbunden werden. Bitte versuchen Sie es erneut.",
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn es(key: T) -> Option<&'static str> {
    Some(match key {
        T::ListTitle => "Conecta un dispositivo",
        T::SearchLabel => "Buscar proveedores",
        T::GroupOAuth => "Inicia sesión con el proveedor",
        T::GroupPassword => "Correo y contraseña",
        T::GroupEmail => "Correo electrónico",
        T::NoProviders => "No hay proveedores disponibles para conectar.",
        T::NoMatch => "Ningún proveedor coincide con tu búsqueda.",
        T::Matches => "{count} proveedores coinciden",
        T::ConnectTitle => "Conectar {name}",
        T::SignInHint => "Inicia sesión con tu cuenta de {name}.",
        T::UsernameLabel => "Correo o usuario",
        T::PasswordLabel => "Contraseña",
        T::ShowPassword => "Mostrar contraseña",
        T::HidePassword => "Ocultar contraseña",
        T::Connect => "Conectar",
        T::Connecting => "Conectando…",
        T::SlowWait => "Esto puede tardar hasta un minuto. Mantén esta página abierta.",
        T::Back => "Atrás",
        T::MfaTitle => "Introduce tu código de verificación",
        T::MfaCodeLabel => "Código de verificación",
        T::MfaSent => "Introduce el código de verificación que {name} te envió{by}.",
        T::MfaSentTo => "Introduce el código de verificación que {name} envió{by} a {hint}.",
        T::MfaBySms => " por SMS",
        T::MfaByEmail => " por correo",
        T::Verify => "Verificar",
        T::Verifying => "Verificando…",
        T::EmailHint => "Introduce el correo de tu cuenta de {name}.",
        T::EmailLabel => "Correo electrónico",
        T::RegionLabel => "Región",
        T::Loading => "Cargando proveedores…",
        T::Opening => "Abriendo {name}…",
        T::TakingYou => "Te llevamos a {name} para iniciar sesión.",
        T::ConnectedTitle => "Conectado",
        T::AccountConnected => "Tu cuenta de {name} está conectada.",
        T::SomeAccountConnected => "Tu cuenta está conectada.",
        T::ConnectAnother => "Conectar otro dispositivo",
        T::FailedTitle => "Algo salió mal",
        T::TryAgain => "Reintentar",
        T::BackToProviders => "Volver a los proveedores",
        T::InputCredentials => "Introduce tu usuario o correo y tu contraseña.",
        T::InputMfaCode => "Introduce el código que recibiste.",
        T::InputEmail => "Introduce un correo válido, como nombre@ejemplo.com.",
        T::InputRegion => "Elige una región de la lista.",
        T::ErrConfig => "Este widget no está bien configurado: {what}.",
        T::ErrTokenEndpoint => "No pudimos iniciar una sesión segura con esta app. Inténtalo de nuevo.",
        T::ErrNetwork => "No pudimos contactar con el servicio de conexión. Revisa tu conexión a internet e inténtalo de nuevo.",
        T::ErrTimeout => "El servicio de conexión tardó demasiado en responder. Inténtalo de nuevo.",
        T::ErrSession => "Tu sesión ha caducado. Inténtalo de nuevo.",
        T::ErrInvalidProvider => "Este proveedor no está disponible en este momento.",
        T::ErrInvalidUser => "No encontramos tu cuenta en esta app. Vuelve a iniciar sesión e inténtalo de nuevo.",
        T::ErrInvalidCredentials => "Esos datos no fueron aceptados. Revísalos e inténtalo de nuevo.",
        T::ErrValidation => "Revisa lo que has introducido e inténtalo de nuevo.",
        T::ErrValidationDetail => "Revisa lo que has introducido: {detail}.",
        T::ErrTooMany => "Demasiados intentos. Espera un momento e inténtalo de nuevo.",
        T::ErrServer => "El servicio de conexión tiene problemas. Inténtalo de nuevo en un momento.",
        T::ErrHttp => "Algo salió mal al conectar. Inténtalo de nuevo.",
        T::ErrMalformed => "El servicio de conexión envió una respuesta que no pudimos leer. Inténtalo de nuevo.",
        T::ErrOAuthUrl => "La página de inicio de sesión de este proveedor parece insegura, así que no la abrimos.",
        T::ErrInternal => "Algo salió mal en este widget. Inténtalo de nuevo.",
        T::ErrPanic => "Algo salió mal en este widget. Recarga la página e inténtalo de nuevo.",
        T::LinkCredential => "El proveedor no aceptó el usuario o la contraseña. Revísalos e inténtalo de nuevo.",
        T::LinkPasswordExpired => "Tu contraseña con este proveedor ha caducado. Restablécela con el proveedor e inténtalo de nuevo.",
        T::LinkProviderApi => "El servicio del proveedor tiene problemas. Inténtalo de nuevo en un momento.",
        T::LinkUnsupportedRegion => "Este proveedor no está disponible en la región elegida.",
        T::LinkDuplicate => "Esta cuenta del proveedor ya está conectada a otro usuario.",
        T::LinkScopes => "No se concedieron algunos permisos necesarios. Inténtalo de nuevo y permite todos.",
        T::LinkMfaCode => "Ese código no es correcto. Revísalo e inténtalo de nuevo.",
        T::LinkCancelled => "La conexión se canceló.",
        T::LinkUnknown => "No se pudo conectar el proveedor. Inténtalo de nuevo.",
    })
}

/// The catalogues fetched in the browser, kept for the life of the page.
#[cfg(target_arch = "wasm32")]
pub mod loaded {
    use super::{Locale, T};
    use crate::api::client::{fetch_text, Outgoing};
    use crate::api::json::{Json, JsonValue};
    use std::cell::RefCell;

    thread_local! {
        /// Each fetched catalogue, its messages leaked once so they are `'static` like
        /// the English ones (a few KB per language, per page).
        static CATALOGUES: RefCell<Vec<(Locale, Vec<&'static str>)>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn text(locale: Locale, key: T) -> Option<&'static str> {
        CATALOGUES.with(|c| {
            c.borrow()
                .iter()
                .find(|(l, _)| *l == locale)
                .and_then(|(_, messages)| messages.get(key as usize).copied())
                .filter(|m| !m.is_empty())
        })
    }

    /// Forgets every fetched catalogue (browser tests start each case afresh).
    #[doc(hidden)]
    pub fn forget_all() {
        CATALOGUES.with(|c| c.borrow_mut().clear());
    }

    /// English needs nothing; another language, its catalogue.
    pub fn is_ready(locale: Locale) -> bool {
        locale == Locale::En || CATALOGUES.with(|c| c.borrow().iter().any(|(l, _)| *l == locale))
    }

    /// Fetches the locale's catalogue from next to the loader. `false` when it could
    /// not be had: the widget then stays in English.
    pub async fn load(locale: Locale) -> bool {
        if is_ready(locale) {
            return true;
        }
        let url = crate::element::catalogue_url(locale.tag());
        let request = Outgoing {
            method: "GET",
            url: &url,
            credentials: web_sys::RequestCredentials::SameOrigin,
            headers: &[],
            body: None,
        };
        let Ok((200, body)) = fetch_text(
            request,
            crate::config::DEFAULT_TIMEOUT_MS,
            &wasm_bindgen::JsValue::UNDEFINED,
        )
        .await
        else {
            return false;
        };
        let Some(items) = Json::parse(&body).ok().and_then(|v| v.items()) else {
            return false;
        };
        let messages = items
            .iter()
            .map(|m| &*Box::leak(m.text().unwrap_or_default().into_boxed_str()))
            .collect();
        CATALOGUES.with(|c| c.borrow_mut().push((locale, messages)));
        true
    }
}
