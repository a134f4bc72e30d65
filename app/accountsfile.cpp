#include "accountsfile.h"

#include "sipcore/syntax/uri.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AccountsFile", text);
}

/// A value as text: QSettings reads an unquoted value with commas as a list.
QString text(const QSettings &settings, const QString &key)
{
    const QVariant value = settings.value(key);
    if (value.typeId() == QMetaType::QStringList)
        return value.toStringList().join(QLatin1Char(','));
    return value.toString().trimmed();
}

/// The section names in the order the file gives them (QSettings sorts them).
QStringList sectionsInOrder(const QString &path, const QStringList &groups)
{
    QStringList ordered;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        static const QRegularExpression section(QStringLiteral("^\\s*\\[([^\\]]+)\\]\\s*$"));
        for (const QByteArray &line : file.readAll().split('\n')) {
            const auto match = section.match(QString::fromUtf8(line));
            if (match.hasMatch() && groups.contains(match.captured(1))
                && !ordered.contains(match.captured(1)))
                ordered.append(match.captured(1));
        }
    }
    for (const QString &group : groups) {
        if (!ordered.contains(group))
            ordered.append(group);
    }
    return ordered;
}

} // namespace

const QStringList &AccountsFile::srtpModes()
{
    static const QStringList modes{QStringLiteral("off"), QStringLiteral("optional"),
                                   QStringLiteral("required")};
    return modes;
}

bool AccountsFile::load(const QString &directory, QString *error, QStringList *warnings)
{
    m_filePath = QDir(directory).filePath(QStringLiteral("accounts.ini"));
    m_accounts.clear();
    m_defaultAccount.clear();
    if (!QFile::exists(m_filePath))
        return true;
    QSettings settings(m_filePath, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        *error = tr("The accounts file %1 cannot be read: check that it is an INI file "
                    "(docs/CONFIG.md) and that Ringback may read it.")
                         .arg(m_filePath);
        return false;
    }
    const QString prefix = tr("In the accounts file %1, account \"%2\": ");
    bool anyPassword = false;
    for (const QString &id : sectionsInOrder(m_filePath, settings.childGroups())) {
        settings.beginGroup(id);
        const auto fail = [&](const QString &sentence) {
            *error = prefix.arg(m_filePath, id) + sentence;
            settings.endGroup();
            return false;
        };
        Account account;
        account.id = id;
        const QString aor = text(settings, QStringLiteral("aor"));
        auto uri = sipcore::Uri::parseSip(aor.toStdString());
        if (!uri || uri->user.empty() || uri->host.empty())
            return fail(tr("aor \"%1\" is not an address of record: write it as "
                           "sip:user@domain, for example sip:alice@example.com.")
                                .arg(aor));
        account.aor = QString::fromStdString(uri->toString());
        account.displayName = text(settings, QStringLiteral("displayName"));
        account.authUser = text(settings, QStringLiteral("authUser"));
        if (account.authUser.isEmpty())
            account.authUser = QString::fromStdString(uri->user);
        account.password = text(settings, QStringLiteral("password"));
        anyPassword = anyPassword || !account.password.isEmpty();
        account.realm = text(settings, QStringLiteral("realm"));
        account.transport = text(settings, QStringLiteral("transport")).toLower();
        static const QStringList transports{QStringLiteral("udp"), QStringLiteral("tcp"),
                                            QStringLiteral("tls"), QStringLiteral("ws"),
                                            QStringLiteral("wss")};
        if (!account.transport.isEmpty() && !transports.contains(account.transport))
            return fail(tr("transport \"%1\" is not one Ringback speaks: write udp, tcp, tls, "
                           "ws or wss, or leave it out.")
                                .arg(account.transport));
        account.outboundProxy = text(settings, QStringLiteral("outboundProxy"));
        if (!account.outboundProxy.isEmpty()) {
            auto proxy = sipcore::Uri::parseSip(account.outboundProxy.toStdString());
            if (!proxy || proxy->host.empty())
                return fail(tr("outboundProxy \"%1\" is not a SIP URI: write it as "
                               "sip:proxy.example.com or sip:192.0.2.1:5060, or leave it out.")
                                    .arg(account.outboundProxy));
            account.outboundProxy = QString::fromStdString(proxy->toString());
        }
        const QString registration = text(settings, QStringLiteral("register")).toLower();
        if (registration == QLatin1String("false") || registration == QLatin1String("no")
            || registration == QLatin1String("0"))
            account.registration = false;
        else if (!registration.isEmpty() && registration != QLatin1String("true")
                 && registration != QLatin1String("yes") && registration != QLatin1String("1"))
            return fail(tr("register \"%1\" is neither true nor false: write register=true to "
                           "register the account, register=false not to.")
                                .arg(registration));
        const QString expires = text(settings, QStringLiteral("expires"));
        if (!expires.isEmpty()) {
            bool ok = false;
            account.expires = expires.toInt(&ok);
            if (!ok || account.expires < 30 || account.expires > 86400)
                return fail(tr("expires \"%1\" is not a registration lifetime: write a number "
                               "of seconds between 30 and 86400 (the default is 600).")
                                    .arg(expires));
        }
        account.srtp = text(settings, QStringLiteral("srtp")).toLower();
        if (!account.srtp.isEmpty() && !srtpModes().contains(account.srtp))
            return fail(tr("srtp \"%1\" is not a way to protect the audio: write off, optional "
                           "(encrypt when the other side can) or required (no call without "
                           "encryption), or leave it out.")
                                .arg(account.srtp));
        if (uri->isSecure())
            account.srtp = QStringLiteral("required");
        for (const Account &other : std::as_const(m_accounts)) {
            if (other.aor == account.aor)
                return fail(tr("its aor %1 is also account \"%2\"'s: give each account its "
                               "own address of record.")
                                    .arg(account.aor, other.id));
        }
        settings.endGroup();
        m_accounts.append(account);
    }
    m_defaultAccount = text(settings, QStringLiteral("default"));
    if (!m_defaultAccount.isEmpty() && !find(m_defaultAccount)) {
        *error = tr("In the accounts file %1, default names the account \"%2\", which the file "
                    "does not have: name one of its [sections] or leave default out.")
                         .arg(m_filePath, m_defaultAccount);
        return false;
    }
    if (m_defaultAccount.isEmpty() && !m_accounts.isEmpty())
        m_defaultAccount = m_accounts.first().id;
    const QFile::Permissions open = QFile::ReadGroup | QFile::ReadOther;
    if (warnings && anyPassword && (QFile::permissions(m_filePath) & open))
        warnings->append(tr("The accounts file %1 holds passwords and others may read it: "
                            "run chmod 600 on it.")
                                 .arg(m_filePath));
    return true;
}

const AccountsFile::Account *AccountsFile::find(const QList<Account> &accounts, const QString &id)
{
    for (const Account &account : accounts) {
        if (account.id == id)
            return &account;
    }
    return nullptr;
}

QString AccountsFile::serverUri(const Account &account)
{
    sipcore::Uri server;
    if (!account.outboundProxy.isEmpty()) {
        server = *sipcore::Uri::parseSip(account.outboundProxy.toStdString());
    } else {
        const sipcore::Uri aor = *sipcore::Uri::parseSip(account.aor.toStdString());
        server.scheme = aor.scheme;
        server.host = aor.host;
        server.port = aor.port;
    }
    if (!account.transport.isEmpty() && account.transport != QLatin1String("udp")
        && !server.parameters.get("transport"))
        server.parameters.set("transport", account.transport.toStdString());
    return QString::fromStdString(server.toString());
}
