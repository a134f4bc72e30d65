#include "interop/support/lossyudprelay.h"

#include <QNetworkDatagram>

LossyUdpRelay::LossyUdpRelay(quint16 targetPort, Impairment impairment, QObject *parent)
    : QObject(parent)
    , m_targetPort(targetPort)
    , m_impairment(impairment)
    , m_random(impairment.seed)
{
    for (Direction *direction : {&m_toward, &m_back}) {
        direction->holdTimer.setSingleShot(true);
        connect(&direction->holdTimer, &QTimer::timeout, this,
                [this, direction] { release(*direction); });
    }
    connect(&m_front, &QUdpSocket::readyRead, this, &LossyUdpRelay::readFront);
}

LossyUdpRelay::~LossyUdpRelay() = default;

bool LossyUdpRelay::listen(QString *error)
{
    if (!m_front.bind(QHostAddress(QHostAddress::LocalHost), 0, QUdpSocket::DontShareAddress)) {
        *error = QStringLiteral("the relay cannot bind 127.0.0.1: ") + m_front.errorString();
        return false;
    }
    return true;
}

QString LossyUdpRelay::report() const
{
    const auto counts = [](const Counts &c) {
        return QStringLiteral("received %1, dropped %2, duplicated %3, reordered %4")
                .arg(c.received)
                .arg(c.dropped)
                .arg(c.duplicated)
                .arg(c.reordered);
    };
    return QStringLiteral("relay 127.0.0.1:%1 -> 127.0.0.1:%2, loss %3 %, duplicate %4 %, "
                          "reorder %5 % (hold %6 ms), seed %7; toward the target: %8; back: %9")
            .arg(port())
            .arg(m_targetPort)
            .arg(m_impairment.lossPercent)
            .arg(m_impairment.duplicatePercent)
            .arg(m_impairment.reorderPercent)
            .arg(m_impairment.hold.count())
            .arg(m_impairment.seed)
            .arg(counts(m_toward.counts), counts(m_back.counts));
}

void LossyUdpRelay::readFront()
{
    while (m_front.hasPendingDatagrams()) {
        const QNetworkDatagram datagram = m_front.receiveDatagram();
        if (!datagram.isValid())
            continue;
        QUdpSocket *outward
                = outwardFor(datagram.senderAddress(), static_cast<quint16>(datagram.senderPort()));
        if (outward) {
            relay(m_toward, {.socket = outward,
                             .data = datagram.data(),
                             .address = QHostAddress(QHostAddress::LocalHost),
                             .port = m_targetPort});
        }
    }
}

void LossyUdpRelay::readOutward(QUdpSocket *outward, const QHostAddress &sender, quint16 senderPort)
{
    while (outward->hasPendingDatagrams()) {
        const QNetworkDatagram datagram = outward->receiveDatagram();
        if (datagram.isValid())
            relay(m_back, {.socket = &m_front,
                           .data = datagram.data(),
                           .address = sender,
                           .port = senderPort});
    }
}

QUdpSocket *LossyUdpRelay::outwardFor(const QHostAddress &sender, quint16 senderPort)
{
    const QString key = sender.toString() + u':' + QString::number(senderPort);
    if (auto it = m_outward.find(key); it != m_outward.end())
        return it->second.get();
    auto outward = std::make_unique<QUdpSocket>();
    if (!outward->bind(QHostAddress(QHostAddress::LocalHost), 0, QUdpSocket::DontShareAddress)) {
        qWarning("relay: no socket toward the target for %s: %s", qPrintable(key),
                 qPrintable(outward->errorString()));
        return nullptr;
    }
    QUdpSocket *raw = outward.get();
    connect(raw, &QUdpSocket::readyRead, this,
            [this, raw, sender, senderPort] { readOutward(raw, sender, senderPort); });
    m_outward.emplace(key, std::move(outward));
    return raw;
}

void LossyUdpRelay::relay(Direction &direction, Datagram datagram)
{
    ++direction.counts.received;
    if (chance(m_impairment.lossPercent)) {
        ++direction.counts.dropped;
        return;
    }
    int copies = 1;
    if (chance(m_impairment.duplicatePercent)) {
        ++direction.counts.duplicated;
        copies = 2;
    }
    for (int copy = 0; copy < copies; ++copy) {
        if (!direction.held && chance(m_impairment.reorderPercent)) {
            ++direction.counts.reordered;
            direction.held = datagram;
            direction.holdTimer.start(m_impairment.hold);
            continue;
        }
        // A send error (the receiver has gone: ICMP) is the loss it would be on a network.
        datagram.socket->writeDatagram(datagram.data, datagram.address, datagram.port);
        release(direction); // what was held goes out after the copy that overtook it
    }
}

void LossyUdpRelay::release(Direction &direction)
{
    direction.holdTimer.stop();
    if (!direction.held)
        return;
    const Datagram held = *std::exchange(direction.held, std::nullopt);
    held.socket->writeDatagram(held.data, held.address, held.port);
}

bool LossyUdpRelay::chance(int percent)
{
    return static_cast<int>(m_random() % 100) < percent;
}
