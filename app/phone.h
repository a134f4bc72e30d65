#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class Call;

namespace sipcore {
class Invitation;
class UserAgent;
} // namespace sipcore

/// The phone: owns the SIP core thread and the calls. Lives on the GUI thread. Core
/// callbacks reach it as queued invocations carrying copied values, with this object as
/// their context, so nothing runs after it is gone; commands go to the core with asio::post.
class Phone : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged)
    Q_PROPERTY(QString sipAddress READ sipAddress NOTIFY readyChanged)

public:
    struct Options
    {
        QString listenHost = QStringLiteral("0.0.0.0");
        quint16 listenPort = 5060;
        int t1Milliseconds = 500; ///< RFC 3261 T1; T2 and T4 keep their defaults
        int noAnswerSeconds = 60; ///< an incoming call unanswered this long gets 480 (0: never)
        QString displayName;
        QString tlsCaFile; ///< PEM; empty: the system's CAs
        QString tlsCertificate;
        QString tlsPrivateKey;
    };

    explicit Phone(const Options &options, QObject *parent = nullptr);
    ~Phone() override;

    /// Starts listening; emits started() or startFailed().
    void start();
    bool isReady() const { return !m_sipAddress.isEmpty(); }
    /// "udp:host:port" once listening.
    QString sipAddress() const { return m_sipAddress; }

    /// Turns what a person types into a SIP URI: "sip:…"/"sips:…" as is, "user@host" or
    /// "host" with "sip:" in front. Returns an empty string and sets \a error to a sentence
    /// saying what to fix when it cannot be called.
    static QString normalizeAddress(const QString &input, QString *error);

    /// Dials \a address. Returns nullptr (and a sentence in \a error) when the address
    /// cannot be called or the phone is not ready.
    Call *dial(const QString &address, QString *error = nullptr);
    QList<Call *> calls() const { return m_calls; }
    Call *findCall(int id) const;

Q_SIGNALS:
    void readyChanged();
    void started(const QString &sipAddress);
    void startFailed(const QString &message);
    /// A call was added, outgoing or incoming.
    void callAdded(Call *call);
    /// An incoming call rings (after callAdded).
    void incomingCall(Call *call);

private:
    /// Core thread: a new incoming call; it reaches the GUI thread as a Call.
    void receiveCall(const std::shared_ptr<sipcore::Invitation> &invitation);

    Options m_options;
    std::unique_ptr<sipcore::UserAgent> m_userAgent;
    QString m_sipAddress;
    QList<Call *> m_calls;
    std::atomic<int> m_nextCallId{1}; // taken on the GUI thread (dial) and the core thread
};
