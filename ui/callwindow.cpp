#include "callwindow.h"

#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

CallWindow::CallWindow(Call *call, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_call(call)
    , m_remoteLabel(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_securityLabel(new QLabel(tr("Encrypted (SRTP)"), this))
    , m_hangUpButton(new QPushButton(tr("Hang Up"), this))
    , m_answerButton(new QPushButton(tr("Answer"), this))
    , m_declineButton(new QPushButton(tr("Decline"), this))
    , m_holdButton(new QPushButton(tr("Hold"), this))
{
    const bool incoming = call->direction() == Call::Direction::Incoming;
    const QString who = call->remoteName().isEmpty()
                                ? call->remoteUri()
                                : tr("%1 <%2>").arg(call->remoteName(), call->remoteUri());
    setWindowTitle(incoming ? tr("Incoming call – %1").arg(who) : tr("Call – %1").arg(who));
    setObjectName(QStringLiteral("callWindow"));
    m_remoteLabel->setObjectName(QStringLiteral("remoteLabel"));
    m_remoteLabel->setText(who);
    m_remoteLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));
    QFont big = m_statusLabel->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    m_statusLabel->setFont(big);
    m_hangUpButton->setObjectName(QStringLiteral("hangUpButton"));
    m_hangUpButton->setAccessibleName(tr("Hang Up"));
    // A palette, not a style sheet: a style sheet makes each press repaint several times
    // slower, and the click is on the path to the CANCEL (docs/BENCHMARKS.md).
    QPalette danger = m_hangUpButton->palette();
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        danger.setColor(group, QPalette::Button, QColor(0xc6, 0x28, 0x28));
        danger.setColor(group, QPalette::ButtonText, Qt::white);
    }
    m_hangUpButton->setPalette(danger);
    m_declineButton->setObjectName(QStringLiteral("declineButton"));
    m_declineButton->setAccessibleName(tr("Decline"));
    m_declineButton->setPalette(danger);
    m_answerButton->setObjectName(QStringLiteral("answerButton"));
    m_answerButton->setAccessibleName(tr("Answer"));
    QPalette go = m_answerButton->palette();
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        go.setColor(group, QPalette::Button, QColor(0x2e, 0x7d, 0x32));
        go.setColor(group, QPalette::ButtonText, Qt::white);
    }
    m_answerButton->setPalette(go);
    m_answerButton->setDefault(incoming);
    m_holdButton->setObjectName(QStringLiteral("holdButton"));
    m_securityLabel->setObjectName(QStringLiteral("securityLabel"));
    m_securityLabel->setToolTip(tr("The audio of this call is encrypted with SRTP, with keys "
                                   "exchanged in the call's signalling."));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_remoteLabel);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_securityLabel);
    layout->addStretch();
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_declineButton);
    buttons->addWidget(m_answerButton);
    layout->addLayout(buttons);
    layout->addWidget(m_holdButton);
    layout->addWidget(m_hangUpButton);

    connect(m_hangUpButton, &QPushButton::clicked, m_call, &Call::hangup);
    connect(m_answerButton, &QPushButton::clicked, m_call, &Call::answer);
    connect(m_declineButton, &QPushButton::clicked, m_call, &Call::decline);
    connect(m_holdButton, &QPushButton::clicked, m_call, [this] {
        if (m_call->isHeld())
            m_call->resume();
        else
            m_call->hold();
    });
    auto *enter = new QShortcut(QKeySequence(Qt::Key_Return), this);
    connect(enter, &QShortcut::activated, this, [this] {
        if (m_answerButton->isVisible())
            m_answerButton->click();
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_hangUpButton->isEnabled())
            m_hangUpButton->click();
        else
            close();
    });
    connect(m_call, &Call::stateChanged, this, &CallWindow::refresh);
    connect(m_call, &Call::statusChanged, this, &CallWindow::refresh);
    connect(m_call, &Call::holdChanged, this, &CallWindow::refresh);
    connect(m_call, &Call::changed, this, &CallWindow::refresh);
    refresh();
    resize(320, 180);
}

QString CallWindow::statusText(const Call &call)
{
    switch (call.state()) {
    case Call::State::Calling:
        return tr("Calling…");
    case Call::State::Ringing:
        return call.direction() == Call::Direction::Incoming ? tr("Incoming call…")
                                                             : tr("Ringing…");
    case Call::State::Connected:
        if (call.isHeld())
            return tr("On hold");
        return call.isRemoteHeld() ? tr("Held by the other side") : tr("Connected");
    case Call::State::Terminating:
        return tr("Hanging up…");
    case Call::State::Terminated:
        break;
    }
    const QString reason = call.reasonPhrase().isEmpty()
                                   ? tr("no response")
                                   : tr("%1 (%2)").arg(call.reasonPhrase()).arg(call.statusCode());
    const bool incoming = call.direction() == Call::Direction::Incoming;
    switch (call.endReason()) {
    case Call::EndReason::Cancelled:
        return incoming ? tr("Missed call: the caller hung up") : tr("Cancelled");
    case Call::EndReason::NoAnswer:
        return tr("Missed call: not answered");
    case Call::EndReason::Declined:
        return tr("Declined");
    case Call::EndReason::Busy:
        return tr("Busy");
    case Call::EndReason::LocalHangup:
    case Call::EndReason::RemoteHangup:
        return tr("Call ended");
    case Call::EndReason::Transferred:
        return tr("Transferred");
    case Call::EndReason::None:
    case Call::EndReason::Rejected:
    case Call::EndReason::Redirected:
    case Call::EndReason::Failed:
        break;
    }
    return tr("Failed: %1").arg(reason);
}

void CallWindow::refresh()
{
    m_statusLabel->setText(statusText(*m_call));
    const bool ended = m_call->state() == Call::State::Terminated
                       || m_call->state() == Call::State::Terminating;
    m_hangUpButton->setEnabled(!ended);
    const bool offered = m_call->direction() == Call::Direction::Incoming
                         && m_call->state() == Call::State::Ringing;
    m_answerButton->setVisible(offered);
    m_declineButton->setVisible(offered);
    m_hangUpButton->setVisible(!offered);
    m_holdButton->setVisible(m_call->state() == Call::State::Connected);
    m_holdButton->setText(m_call->isHeld() ? tr("Resume") : tr("Hold"));
    m_securityLabel->setVisible(m_call->state() == Call::State::Connected && m_call->isEncrypted());
}
