#pragma once

#include <QObject>
#include <QString>

#include <functional>

/// One SIP account and its registration as the UI and the headless control see it. Lives on
/// the GUI thread; the registration changes only through queued updates from the core thread.
/// Owned by Phone.
class Account : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString id READ id CONSTANT)
    Q_PROPERTY(QString aor READ aor CONSTANT)
    Q_PROPERTY(
            RegistrationState registrationState READ registrationState NOTIFY registrationChanged)
    Q_PROPERTY(int statusCode READ statusCode NOTIFY registrationChanged)
    Q_PROPERTY(QString reasonPhrase READ reasonPhrase NOTIFY registrationChanged)

public:
    /// None: never asked to register. Registering: the first REGISTER is on its way.
    enum class RegistrationState { None, Registering, Registered, Failed, Unregistered };
    Q_ENUM(RegistrationState)

    /// A snapshot of the registration, copied from the core thread.
    struct Registration
    {
        RegistrationState state = RegistrationState::None;
        int statusCode = 0;
        QString reasonPhrase;
        int expires = 0;      ///< Registered: the lifetime granted, in seconds
        int retrySeconds = 0; ///< Failed: when the next try goes (0: none will)
    };

    /// What the slots run: commands that post onto the core thread.
    struct Commands
    {
        std::function<void()> registerAccount;
        std::function<void()> unregisterAccount;
    };

    Account(const QString &id, const QString &aor, QObject *parent = nullptr);
    void setCommands(Commands commands) { m_commands = std::move(commands); }

    QString id() const { return m_id; }
    QString aor() const { return m_aor; }
    RegistrationState registrationState() const { return m_registration.state; }
    int statusCode() const { return m_registration.statusCode; }
    QString reasonPhrase() const { return m_registration.reasonPhrase; }
    const Registration &registration() const { return m_registration; }

    /// Failed: a sentence saying what went wrong and what to check; else empty.
    QString problem() const;
    /// One line for the window: the account and its registration ("work
    /// (sip:alice@example.com): registered"), or problem() when it failed.
    QString statusText() const;

    /// Lowercase names used by the headless events: "registering", "registered", …
    static QString stateName(RegistrationState state);
    /// GUI thread: applies a snapshot from the core and emits registrationChanged() when
    /// anything changed.
    void applyRegistration(const Registration &registration);

public Q_SLOTS:
    /// Registers the account and keeps it registered.
    void registerAccount();
    /// Removes the account's binding and stops refreshing it.
    void unregisterAccount();

Q_SIGNALS:
    void registrationChanged();

private:
    QString m_id;
    QString m_aor;
    Commands m_commands;
    Registration m_registration;
};
