#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/syntax/uri.h"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>

namespace sipcore {

class InviteUserAgentClient;
class UserAgentCore;

/// An outgoing call (SIP.js's Inviter): the session state machine above the core.
///
///   Initial --invite()--> Establishing --2xx--> Established --bye()/BYE--> Terminating
///      |                     |   |                                            |
///      | hangup()            |   +--cancel(): CANCEL once a 1xx came;         V
///      +-----------------> Terminated <-- 3xx-6xx, 408/503, 487, BYE done ----+
///
/// Hang-up rules (RFC 3261 §9.1, §15): an unanswered call is cancelled; a 2xx that crosses the
/// CANCEL is ACKed and then BYEd, and the call still ends as Cancelled; an established call
/// ends with BYE; a call already ending is left alone. A challenge (401/407) ends the call like
/// any rejection (answering challenges comes with digest authentication, which must keep
/// this rule: after hang-up the INVITE is never re-sent).
///
/// Threads: invite(), cancel(), bye() and hangup() may be called from any thread; they post
/// onto the core executor. The listener is called on the core thread with a copy of the
/// status after every change.
class Inviter :
    public std::enable_shared_from_this<Inviter>,
    private OutgoingInviteRequestDelegate,
    private SessionDelegate
{
public:
    enum class State { Initial, Establishing, Established, Terminating, Terminated };
    enum class EndReason {
        None,
        Cancelled,    ///< we hung up before the call was answered
        Busy,         ///< 486, 600
        Rejected,     ///< other 4xx-6xx from the peer (including 603 Decline)
        Redirected,   ///< 3xx (redirects are not followed yet)
        Failed,       ///< timeout (408) or transport error (503 made here)
        LocalHangup,  ///< we sent BYE
        RemoteHangup, ///< the peer sent BYE
    };
    struct Status
    {
        State state = State::Initial;
        bool ringing = false; ///< a 180 or 183 arrived
        int statusCode = 0;   ///< the last response's status code
        std::string reasonPhrase;
        EndReason endReason = EndReason::None;
    };
    using Listener = std::function<void(const Status &)>;

    Inviter(UserAgentCore &core,
            boost::asio::any_io_executor executor,
            Uri target,
            Listener listener);
    ~Inviter() override;

    /// Sends the INVITE.
    void invite();
    /// Cancels an unanswered call; \a reason becomes a Reason header (RFC 3326) if not empty.
    void cancel(std::string reason = {});
    /// Ends an established call.
    void bye();
    /// Does what Hang Up means in the current state (see the class comment).
    void hangup();

    /// Core thread only: drops the transaction, dialog and timers; no more listener calls.
    void dispose();
    /// Core thread only.
    const Status &status() const { return m_status; }
    const Uri &target() const { return m_target; }

private:
    class ByeDelegate : public OutgoingRequestDelegate
    {
    public:
        explicit ByeDelegate(Inviter &inviter)
            : m_inviter(inviter)
        {}
        void onAccept(const Response &response) override { m_inviter.onByeDone(response); }
        void onReject(const Response &response) override { m_inviter.onByeDone(response); }

    private:
        Inviter &m_inviter;
    };

    void doInvite();
    void doCancel(const std::string &reason);
    void doBye();
    void onByeDone(const Response &response);
    void update(const Response &response);
    void finish(EndReason reason);
    void notify();
    std::string makeOffer() const;

    // OutgoingInviteRequestDelegate
    void onProgress(const Response &response) override;
    void onAcceptSession(const Response &response,
                         const std::shared_ptr<SessionDialog> &session) override;
    void onRedirect(const Response &response) override;
    void onReject(const Response &response) override;
    // SessionDelegate
    void onBye(const Request &request) override;

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    Uri m_target;
    Listener m_listener;
    Status m_status;
    ByeDelegate m_byeDelegate{*this};
    std::shared_ptr<InviteUserAgentClient> m_client;
    std::shared_ptr<SessionDialog> m_dialog;
    bool m_hangupRequested = false;
    bool m_disposed = false;
};

} // namespace sipcore
