#include "account.h"

Account::Account(const QString &id, const QString &aor, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_aor(aor)
{}

QString Account::stateName(RegistrationState state)
{
    switch (state) {
    case RegistrationState::None:
        return QStringLiteral("none");
    case RegistrationState::Registering:
        return QStringLiteral("registering");
    case RegistrationState::Registered:
        return QStringLiteral("registered");
    case RegistrationState::Failed:
        return QStringLiteral("failed");
    case RegistrationState::Unregistered:
        return QStringLiteral("unregistered");
    }
    return {};
}

QString Account::problem() const
{
    if (m_registration.state != RegistrationState::Failed)
        return {};
    const int code = m_registration.statusCode;
    const QString status = QString::number(code) + QLatin1Char(' ') + m_registration.reasonPhrase;
    QString sentence;
    if (code == 401 || code == 407)
        sentence = tr("The server refused the user name or password of account %1 (%2): check "
                      "authUser, password and realm in the accounts file.")
                           .arg(m_id, status);
    else if (code == 403)
        sentence = tr("The server does not let account %1 register (%2): check its aor and "
                      "authUser in the accounts file.")
                           .arg(m_id, status);
    else if (code == 404)
        sentence = tr("The server does not know the address %1 (%2): check the account's aor "
                      "in the accounts file.")
                           .arg(m_aor, status);
    else if (code == 408)
        sentence = tr("The registrar of account %1 did not answer: check the server address, "
                      "its transport and the network.")
                           .arg(m_id);
    else if (code == 503 || code == 500 || code == 504 || code == 502)
        sentence = tr("The registrar of account %1 cannot be reached or is unavailable (%2): "
                      "check the server address and the network.")
                           .arg(m_id, status);
    else
        sentence = tr("Account %1 could not register (%2).").arg(m_id, status);
    if (m_registration.retrySeconds > 0)
        sentence += QLatin1Char(' ')
                    + tr("Trying again in %n second(s).", nullptr, m_registration.retrySeconds);
    return sentence;
}

QString Account::statusText() const
{
    const QString name = tr("%1 (%2)").arg(m_id, m_aor);
    switch (m_registration.state) {
    case RegistrationState::None:
        return tr("%1: not registered").arg(name);
    case RegistrationState::Registering:
        return tr("%1: registering…").arg(name);
    case RegistrationState::Registered:
        return tr("%1: registered").arg(name);
    case RegistrationState::Failed:
        return problem();
    case RegistrationState::Unregistered:
        return tr("%1: unregistered").arg(name);
    }
    return {};
}

void Account::applyRegistration(const Registration &registration)
{
    const bool changed = registration.state != m_registration.state
                         || registration.statusCode != m_registration.statusCode
                         || registration.reasonPhrase != m_registration.reasonPhrase
                         || registration.expires != m_registration.expires
                         || registration.retrySeconds != m_registration.retrySeconds;
    m_registration = registration;
    if (changed)
        Q_EMIT registrationChanged();
}

void Account::registerAccount()
{
    if (m_commands.registerAccount)
        m_commands.registerAccount();
}

void Account::unregisterAccount()
{
    if (m_commands.unregisterAccount)
        m_commands.unregisterAccount();
}
