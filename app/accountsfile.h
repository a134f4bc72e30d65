#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// The SIP accounts provisioned in DIR/accounts.ini (`--config DIR`; docs/CONFIG.md): one INI
/// section per account, its name the account's id. Read once at start; Ringback never writes
/// it. GUI thread only.
class AccountsFile
{
public:
    /// One account as the file gives it, checked and with the defaults filled in.
    struct Account
    {
        QString id;            ///< the section name
        QString aor;           ///< "sip:user@domain" (or sips:), normalized
        QString displayName;   ///< empty: none
        QString authUser;      ///< the Digest user name; the AOR's user when not given
        QString password;      ///< empty: no authentication
        QString realm;         ///< empty: answer any realm's challenge
        QString transport;     ///< "udp", "tcp", "tls", "ws" or "wss"; empty: as located
        QString outboundProxy; ///< a SIP URI; empty: the AOR's domain serves the account
        bool registration = true;
        int expires = 600; ///< the registration lifetime asked for, in seconds
        /// Whether its calls' audio is encrypted: one of srtpModes(); empty: as Ringback's
        /// setting (media/srtp). A sips: AOR makes it "required".
        QString srtp;
    };

    /// How SRTP may be set, for an account and for Ringback: "off" (plain RTP), "optional"
    /// (offered, used when the other side takes it) and "required" (no call without it).
    static const QStringList &srtpModes();

    /// Reads DIR/accounts.ini. A missing file is no accounts and no error. Returns false and a
    /// sentence naming the file, the account and the setting to fix in \a error when anything
    /// is wrong; \a warnings gets advice that does not stop Ringback (a password file that
    /// others may read).
    bool load(const QString &directory, QString *error, QStringList *warnings = nullptr);

    QString filePath() const { return m_filePath; }
    const QList<Account> &accounts() const { return m_accounts; }
    /// The id of the account that places calls: [General] default, else the first in the file.
    /// Empty without accounts.
    QString defaultAccount() const { return m_defaultAccount; }
    /// The account \a id names, or nullptr.
    const Account *find(const QString &id) const { return find(m_accounts, id); }
    /// The account of \a accounts that \a id names, or nullptr.
    static const Account *find(const QList<Account> &accounts, const QString &id);

    /// The SIP URI that serves \a account: its outbound proxy, else its AOR's domain, with the
    /// account's transport as ;transport= (not for the default, UDP). \a account must be valid.
    static QString serverUri(const Account &account);

private:
    QString m_filePath;
    QList<Account> m_accounts;
    QString m_defaultAccount;
};
