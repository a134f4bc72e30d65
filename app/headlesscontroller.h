#pragma once

#include "phone.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSocketNotifier>

class Account;
class Call;

/// `ringback --headless`: commands from stdin, one per line, and events on stdout as JSON
/// lines (README: "Headless control"). End of input quits like `quit`. GUI thread only.
class HeadlessController : public QObject
{
    Q_OBJECT

public:
    explicit HeadlessController(Phone *phone, QObject *parent = nullptr);

    /// Starts reading stdin.
    void start();
    /// Runs one command line; lines that arrive before the phone is listening wait for it.
    void handleCommand(const QString &line);

Q_SIGNALS:
    void quitRequested();

private:
    void readInput();
    /// The call a command names by id (words[1]) or, without an id, the newest that has not
    /// ended; with \a ringingIncoming, one that is incoming and rings. Emits an error naming
    /// what is wrong and returns nullptr when there is none.
    Call *chooseCall(const QStringList &words, const QString &line, bool ringingIncoming);
    /// The accounts a register or unregister command names (words[1]), or all without a name.
    /// Emits an error naming what is wrong and returns none when there is none.
    QList<Account *> chooseAccounts(const QStringList &words, const QString &line);
    /// `device <role> <id>|default`: chooses the sound device for a role.
    void chooseDevice(const QStringList &words, const QString &line);
    void watch(Call *call);
    /// A registration event, for the states the events name: registered, failed, unregistered.
    void emitRegistration(Account *account);
    void emitCall(Call *call);
    /// The devices there are and what each role chose, uses and has open.
    void emitAudioDevices();
    void emitSubscription(const Phone::Subscription &subscription);
    void emitError(const QString &message, const QString &command = {});
    void emitEvent(const QJsonObject &event);

    Phone *m_phone;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_buffer;
    QStringList m_waiting;                // commands received before the phone was ready
    QHash<int, QString> m_messageTargets; // messages sent, by id, until their answer
};
