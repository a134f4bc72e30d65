#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUdpSocket>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>

/// A UDP relay on 127.0.0.1 that impairs what it carries, for the interop tests: a lossy
/// network in user space where the kernel has no netem.
///
/// A datagram sent to port() goes on to the target from a socket the relay keeps for its
/// sender; what comes back to that socket goes to the sender from port(). So a peer that
/// answers to the source address of a request (SIPp does) answers through the relay, and a
/// sender that addresses its in-dialog requests to port() (a Contact naming it) sends them
/// through the relay as well.
///
/// Each direction is impaired on its own. Per datagram: dropped with lossPercent; else sent
/// twice with duplicatePercent. A copy about to be sent is, when none is held yet, held back
/// with reorderPercent until the next copy of that direction has gone out, or until \c hold
/// has passed without one (a timer on the event loop). The choices come from a
/// std::mt19937_64 seeded with \c seed: the same seed makes the same choices for the same
/// sequence of datagrams.
///
/// Test (GUI) thread only; datagrams move while the event loop runs.
class LossyUdpRelay : public QObject
{
    Q_OBJECT

public:
    struct Impairment
    {
        int lossPercent = 20;
        int duplicatePercent = 5;
        int reorderPercent = 10;
        /// The longest a datagram is held back when no other follows it.
        std::chrono::milliseconds hold{20};
        quint64 seed = 0;
    };

    /// What happened in one direction. A duplicated datagram counts once as sent.
    struct Counts
    {
        int received = 0;
        int dropped = 0;
        int duplicated = 0;
        int reordered = 0; ///< held back and sent after a later one (or after the hold)
    };

    /// A relay to 127.0.0.1:\a targetPort; listen() opens it.
    LossyUdpRelay(quint16 targetPort, Impairment impairment, QObject *parent = nullptr);
    ~LossyUdpRelay() override;

    /// Binds a free port of 127.0.0.1. False and why in \a error when it cannot.
    bool listen(QString *error);
    /// The port senders send to (valid after listen()).
    quint16 port() const { return m_front.localPort(); }

    quint64 seed() const { return m_impairment.seed; }
    /// Toward the target, and back from it to the senders.
    const Counts &towardTarget() const { return m_toward.counts; }
    const Counts &fromTarget() const { return m_back.counts; }
    /// The impairment, its seed and the counts, for a test's log or failure message.
    QString report() const;

private:
    struct Datagram
    {
        QUdpSocket *socket; ///< sends it
        QByteArray data;
        QHostAddress address;
        quint16 port;
    };
    struct Direction
    {
        Counts counts;
        std::optional<Datagram> held;
        QTimer holdTimer;
    };

    void readFront();
    void readOutward(QUdpSocket *outward, const QHostAddress &sender, quint16 senderPort);
    QUdpSocket *outwardFor(const QHostAddress &sender, quint16 senderPort);
    void relay(Direction &direction, Datagram datagram);
    /// Sends the datagram held in \a direction, if any.
    void release(Direction &direction);
    bool chance(int percent);

    quint16 m_targetPort;
    Impairment m_impairment;
    std::mt19937_64 m_random;
    QUdpSocket m_front;
    /// One socket toward the target per sender, by "address:port" of the sender.
    std::map<QString, std::unique_ptr<QUdpSocket>> m_outward;
    Direction m_toward;
    Direction m_back;
};
