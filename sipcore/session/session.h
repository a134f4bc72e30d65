#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/sessiondialog.h"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>

namespace sipcore {

class UserAgentCore;

/// One call above the core (SIP.js's Session), the base of Inviter (outgoing) and Invitation
/// (incoming): the state machine the bridge maps one to one onto a call, the dialog once there
/// is one, and the BYE that ends it.
///
///   Initial --> Establishing --> Established --> Terminating --> Terminated
///      |             |                                               ^
///      +-------------+-----------------------------------------------+
///
/// Threads: the public commands may be called from any thread; they post onto the core
/// executor. The listener is called on the core thread with a copy of the status after every
/// change; dispose(), status() and setListener() are for the core thread only.
class Session : public std::enable_shared_from_this<Session>, protected SessionDelegate
{
public:
    enum class State { Initial, Establishing, Established, Terminating, Terminated };
    enum class EndReason {
        None,
        Cancelled,    ///< hung up before it was answered: by us (outgoing) or the caller
        Busy,         ///< 486, 600
        Rejected,     ///< other 4xx-6xx from the peer (including 603 Decline)
        Redirected,   ///< 3xx (redirects are not followed yet)
        Failed,       ///< timeout, transport error, or no ACK for our 2xx
        LocalHangup,  ///< we sent BYE
        RemoteHangup, ///< the peer sent BYE
        Declined,     ///< an incoming call we turned down
        NoAnswer,     ///< an incoming call nobody answered in time (480), or its Expires passed
    };
    struct Status
    {
        State state = State::Initial;
        bool ringing = false; ///< outgoing: a 180 or 183 arrived; incoming: we sent 180
        int statusCode = 0;   ///< the last response's status code, sent or received
        std::string reasonPhrase;
        EndReason endReason = EndReason::None;
    };
    using Listener = std::function<void(const Status &)>;

    ~Session() override;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;

    /// Ends an established call with BYE.
    void bye();
    /// Does what Hang Up means in the current state (see the subclasses).
    virtual void hangup() = 0;

    /// Core thread only: drops the dialog, transactions and timers; no more listener calls.
    virtual void dispose();
    /// Core thread only.
    const Status &status() const { return m_status; }
    /// Core thread only: who hears of the changes from now on.
    void setListener(Listener listener) { m_listener = std::move(listener); }

protected:
    Session(UserAgentCore &core, boost::asio::any_io_executor executor, Listener listener);

    /// shared_from_this() as the subclass.
    template<class T>
    std::shared_ptr<T> self()
    {
        return std::static_pointer_cast<T>(shared_from_this());
    }

    /// Sends BYE on the dialog unless it has ended: Terminating, then Terminated when the BYE
    /// is answered (LocalHangup unless an end reason was set before).
    void doBye();
    void update(const Response &response);
    void update(int statusCode, std::string reasonPhrase);
    /// Terminated with \a reason (once).
    void finish(EndReason reason);
    void notify();
    /// Our session description: no media engine yet, so an inactive audio stream, which lets
    /// peers that require SDP answer or accept; the real offer/answer comes with the media
    /// layer.
    std::string makeSessionDescription() const;
    /// Takes \a dialog as the session's and listens to it.
    void setDialog(std::shared_ptr<SessionDialog> dialog);

    // SessionDelegate
    void onBye(const Request &request) override;

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    Listener m_listener;
    Status m_status;
    std::shared_ptr<SessionDialog> m_dialog;
    bool m_disposed = false;

private:
    class ByeDelegate : public OutgoingRequestDelegate
    {
    public:
        explicit ByeDelegate(Session &session)
            : m_session(session)
        {}
        void onAccept(const Response &response) override { m_session.onByeDone(response); }
        void onReject(const Response &response) override { m_session.onByeDone(response); }

    private:
        Session &m_session;
    };

    void onByeDone(const Response &response);

    ByeDelegate m_byeDelegate{*this};
};

} // namespace sipcore
