#pragma once

#include "call.h"

#include <QWidget>

class QLabel;
class QPushButton;

/// The window of one call: who, the state as a person reads it, and Hang Up (also Esc); while
/// an incoming call rings, Answer (also Enter) and Decline instead; while connected, Hold
/// (Resume while on hold). A projection of its Call:
/// it keeps no call state of its own.
class CallWindow : public QWidget
{
    Q_OBJECT

public:
    explicit CallWindow(Call *call, QWidget *parent = nullptr);

    Call *call() const { return m_call; }
    /// "Calling…", "Ringing…", "Incoming call…", "Connected", "On hold", "Cancelled", "Busy",
    /// "Declined", "Missed call", "Transferred", "Failed: <reason>", …
    static QString statusText(const Call &call);

private:
    void refresh();

    Call *m_call;
    QLabel *m_remoteLabel;
    QLabel *m_statusLabel;
    QLabel *m_securityLabel; ///< shown while the connected call's audio is encrypted
    QPushButton *m_hangUpButton;
    QPushButton *m_answerButton;
    QPushButton *m_declineButton;
    QPushButton *m_holdButton;
};
