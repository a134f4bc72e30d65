#pragma once

#include <QObject>
#include <QString>

#include <functional>

/// One call as the UI and the headless control see it. Lives on the GUI thread; its
/// properties change only through queued updates from the core thread. Owned by Phone.
class Call : public QObject
{
    Q_OBJECT
    Q_PROPERTY(int id READ id CONSTANT)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(Direction direction READ direction CONSTANT)
    Q_PROPERTY(QString remoteUri READ remoteUri CONSTANT)
    Q_PROPERTY(QString remoteName READ remoteName CONSTANT)
    Q_PROPERTY(int statusCode READ statusCode NOTIFY statusChanged)
    Q_PROPERTY(QString reasonPhrase READ reasonPhrase NOTIFY statusChanged)
    Q_PROPERTY(EndReason endReason READ endReason NOTIFY stateChanged)
    Q_PROPERTY(bool held READ isHeld NOTIFY holdChanged)
    Q_PROPERTY(bool remoteHeld READ isRemoteHeld NOTIFY holdChanged)
    Q_PROPERTY(int referredBy READ referredBy CONSTANT)
    Q_PROPERTY(int replaces READ replaces CONSTANT)

public:
    enum class State { Calling, Ringing, Connected, Terminating, Terminated };
    Q_ENUM(State)
    enum class Direction { Outgoing, Incoming };
    Q_ENUM(Direction)
    enum class EndReason {
        None,
        Cancelled,
        Busy,
        Rejected,
        Redirected,
        Failed,
        LocalHangup,
        RemoteHangup,
        Declined,
        NoAnswer,
        Transferred
    };
    Q_ENUM(EndReason)

    /// A snapshot of the call's state, copied from the core thread.
    struct Status
    {
        State state = State::Calling;
        int statusCode = 0;
        QString reasonPhrase = {};
        EndReason endReason = EndReason::None;
        bool held = false;       ///< we put the call on hold and the peer agreed
        bool remoteHeld = false; ///< the peer put us on hold
        /// A transfer we asked for: "", "requested", "accepted", "succeeded" or "failed".
        QString transfer = {};
        int transferStatusCode = 0;  ///< the REFER's status if refused, else the target's
        QString receivedDigits = {}; ///< DTMF digits the peer sent, in order
        bool earlyMedia = false;     ///< outgoing: the peer's early media plays (no ringback tone)
        bool encrypted = false;      ///< the audio is encrypted (SRTP)
    };

    /// What the slots run: commands that post onto the core thread. An outgoing call has no
    /// answer or decline.
    struct Commands
    {
        std::function<void()> hangup;
        std::function<void()> answer = {};
        std::function<void()> decline = {};
        std::function<void(bool on)> hold = {};
        std::function<void(const QString &uri)> transfer = {};
        /// Attended transfer to the peer of the call with this id.
        std::function<void(int otherCallId)> transferToCall = {};
        std::function<void(const QString &digits)> dtmf = {};
        /// Asks for the audio figures; the answer comes by setMediaStatistics().
        std::function<void()> mediaStatistics = {};
    };
    /// How the call's audio is doing (RFC 3550 §6.4 terms).
    struct MediaStatistics
    {
        QString codec; ///< what we send; empty while nothing is sent
        qint64 packetsSent = 0;
        qint64 packetsReceived = 0;
        qint64 framesPlayed = 0;
        qint64 packetsLost = 0;
        double jitterMs = 0;
        qint64 reportsReceived = 0;    ///< RTCP reports from the peer
        double roundTripMs = -1;       ///< from RTCP; negative until known
        qint64 remotePacketsLost = -1; ///< ours, as the peer reports; negative until known
        double mos = 0;                ///< quality estimate of what we hear, 1–4.5
        qint64 dtmfEvents = 0;         ///< digits received as RFC 4733 events
        qint64 dtmfTones = 0;          ///< digits received as tones
        QString srtpSuite;             ///< the SRTP suite encrypting the audio; empty: none
        qint64 packetsRejected = 0;    ///< RTP that failed SRTP authentication
        qint64 reportsRejected = 0;    ///< RTCP that failed SRTP authentication
    };

    /// Calls live as long as their Phone, which owns them. \a remoteName: the display name
    /// the caller gave, if any.
    Call(int id,
         Direction direction,
         const QString &remoteUri,
         const QString &remoteName = {},
         QObject *parent = nullptr);
    void setCommands(Commands commands) { m_commands = std::move(commands); }
    /// Set before the call is announced: see referredBy() and replaces().
    void setOrigin(int referredBy, int replaces)
    {
        m_referredBy = referredBy;
        m_replaces = replaces;
    }

    int id() const { return m_id; }
    State state() const { return m_status.state; }
    Direction direction() const { return m_direction; }
    QString remoteUri() const { return m_remoteUri; }
    QString remoteName() const { return m_remoteName; }
    int statusCode() const { return m_status.statusCode; }
    QString reasonPhrase() const { return m_status.reasonPhrase; }
    EndReason endReason() const { return m_status.endReason; }
    bool isHeld() const { return m_status.held; }
    bool isRemoteHeld() const { return m_status.remoteHeld; }
    QString transferState() const { return m_status.transfer; }
    int transferStatusCode() const { return m_status.transferStatusCode; }
    QString receivedDigits() const { return m_status.receivedDigits; }
    bool hasEarlyMedia() const { return m_status.earlyMedia; }
    bool isEncrypted() const { return m_status.encrypted; }
    /// The id of the call whose peer asked us (by REFER) to make this one; 0 for none.
    int referredBy() const { return m_referredBy; }
    /// The id of the call this incoming one replaced (RFC 3891: an attended transfer or a
    /// pickup answered at once); 0 for none.
    int replaces() const { return m_replaces; }

    /// Lowercase names used by the headless events: "calling", "ringing", …
    static QString stateName(State state);
    static QString endReasonName(EndReason reason);

    /// GUI thread: applies a snapshot from the core and emits what changed.
    void applyStatus(const Status &status);

public Q_SLOTS:
    /// Hangs up as the state requires: cancels an unanswered outgoing call, ends an
    /// established one, and leaves one that is already ending alone.
    void hangup();
    /// Answers an incoming call that rings; otherwise nothing.
    void answer();
    /// Turns down an incoming call that rings (603 Decline); otherwise nothing.
    void decline();
    /// Puts a connected call on hold; isHeld() follows once the peer agrees. Otherwise
    /// nothing.
    void hold();
    /// Takes a connected call off hold; otherwise nothing.
    void resume();
    /// Asks the other side of a connected call to call \a uri instead (blind transfer); the
    /// call ends once that call is answered. Otherwise nothing.
    void transfer(const QString &uri);
    /// Attended transfer: asks the other side of this connected call to call the other side of
    /// \a other, another connected call, which then replaces ours with them; both calls end
    /// once that call is answered. Otherwise nothing.
    void transferToCall(Call *other);
    /// Sends DTMF \a digits (0-9, *, #, A-D) on a connected call; otherwise nothing.
    void sendDtmf(const QString &digits);
    /// Asks for the audio figures: mediaStatisticsReady() follows.
    void requestMediaStatistics();

Q_SIGNALS:
    void stateChanged(Call::State state);
    void statusChanged(int statusCode, const QString &reasonPhrase);
    void holdChanged(bool held, bool remoteHeld);
    void mediaStatisticsReady(const Call::MediaStatistics &statistics);
    /// Once per update from the core that changed anything (after the two above).
    void changed();

private:
    int m_id;
    Direction m_direction;
    QString m_remoteUri;
    QString m_remoteName;
    Commands m_commands;
    Status m_status;
    int m_referredBy = 0;
    int m_replaces = 0;
};
