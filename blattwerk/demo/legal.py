"""Demo texts of the legal pages. Every bracketed field is a placeholder the publisher must fill in."""

IMPRESSUM = """
<h2>Angaben gemäß § 5 DDG</h2>
<p>[Name des Verlags bzw. Diensteanbieters]<br/>[Rechtsform, z. B. GmbH]<br/>[Straße und Hausnummer]<br/>[Postleitzahl und Ort]</p>
<h2>Vertreten durch</h2>
<p>[Name der Geschäftsführerin / des Geschäftsführers]</p>
<h2>Kontakt</h2>
<p>Telefon: [Telefonnummer]<br/>E-Mail: [E-Mail-Adresse der Redaktion]</p>
<h2>Registereintrag</h2>
<p>Registergericht: [Amtsgericht]<br/>Registernummer: [HRB-Nummer]</p>
<h2>Umsatzsteuer-ID</h2>
<p>Umsatzsteuer-Identifikationsnummer gemäß § 27a UStG: [USt-IdNr.]</p>
<h2>Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV</h2>
<p>[Vor- und Nachname der/des Verantwortlichen]<br/>[Anschrift, falls abweichend]</p>
<h2>Hinweis zu den Demo-Inhalten</h2>
<p>Alle Artikel dieser Demo-Installation sind frei erfunden und dienen nur der Vorführung der Software Blattwerk.
Personen, Vereine, Sendungen und Zitate sind fiktiv.</p>
"""

DATENSCHUTZ = """
<h2>Verantwortliche Stelle</h2>
<p>[Name des Verlags], [Anschrift], E-Mail: [Datenschutz-E-Mail-Adresse]</p>
<h2>Datenschutzbeauftragte/r</h2>
<p>[Name und Kontakt der/des Datenschutzbeauftragten, falls bestellt]</p>
<h2>Was wir beim Lesen speichern</h2>
<p>Diese Website setzt für Leserinnen und Leser keine Cookies, bindet keine Schriften, Skripte oder Werbung von Dritten ein
und verwendet kein Tracking. Der Webserver verarbeitet technisch notwendige Daten (IP-Adresse, Zeitpunkt, aufgerufene Adresse),
um die Seite auszuliefern und Angriffe abzuwehren (Art. 6 Abs. 1 lit. f DSGVO). [Speicherdauer der Server-Protokolle eintragen.]</p>
<h2>Teilen-Schaltflächen</h2>
<p>Die Schaltflächen zum Teilen sind einfache Links. Erst wenn Sie einen davon anklicken, wird eine Verbindung
zum jeweiligen Dienst (z. B. WhatsApp, Telegram, X, Facebook, LinkedIn) aufgebaut.</p>
<h2>Pressemitteilungen und Kontakt</h2>
<p>Wenn Sie uns schreiben, verarbeiten wir Ihre Angaben, um Ihre Nachricht zu bearbeiten (Art. 6 Abs. 1 lit. b und f DSGVO).
[Speicherdauer und Löschfristen eintragen.]</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung, Datenübertragbarkeit und Widerspruch
sowie das Recht auf Beschwerde bei einer Datenschutz-Aufsichtsbehörde: [zuständige Aufsichtsbehörde].</p>
"""

KONTAKT = """
<h2>Redaktion</h2>
<p>[Name des Verlags]<br/>Redaktion Blattwerk<br/>[Straße und Hausnummer]<br/>[Postleitzahl und Ort]</p>
<p>E-Mail: [E-Mail-Adresse der Redaktion]<br/>Telefon: [Telefonnummer der Redaktion]</p>
<h2>Pressemitteilungen</h2>
<p>Infos und Pressemitteilungen senden Sie bitte per E-Mail an die im Seitenfuß genannte Adresse.</p>
"""
