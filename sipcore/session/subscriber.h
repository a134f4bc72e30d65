#pragma once

#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/subscriptiondialog.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/util/timer.h"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipcore {

class SubscribeUserAgentClient;
class UserAgentCore;

/// What a Subscriber subscribes to, as whom and through where.
struct SubscriberOptions
{
    /// The event package (RFC 6665 §7.2): "presence", "dialog", "message-summary", …
    std::string event = "presence";
    /// The Accept header of each SUBSCRIBE (the body formats we take); none when empty.
    std::string accept;
    /// The subscription time asked for (a 423 raises it to the notifier's Min-Expires).
    std::chrono::seconds expires{3600};
    /// Our identity (From without its tag); the core's AOR when unset.
    std::optional<NameAddr> from;
    /// Route headers of the initial SUBSCRIBE: an outbound proxy (with ;lr).
    std::vector<NameAddr> routeSet;
};

/// Keeps one subscription to one event package of one target (RFC 6665, SIP.js's Subscriber).
///
///   Initial --subscribe()--> NotifyWait --NOTIFY pending--> Pending --NOTIFY active--> Active
///                                |                              any --unsubscribe()--> …
///                                +----failure, terminated NOTIFY----------------> Terminated
///
/// - The first notifier to send a NOTIFY is kept; the dialog of any other fork is
///   unsubscribed at once. The dialog refreshes itself (SubscriptionDialog).
/// - 423 Interval Too Brief: subscribed again at once with the Min-Expires it names.
/// - A NOTIFY that ends the subscription with reason deactivated or timeout: subscribed again
///   at once (§4.1.3 says a new subscription may follow); probation or giveup: again after
///   its retry-after, when it gives one. Any other end (rejected, noresource, invariant, a
///   final response other than 2xx, no NOTIFY within Timer N, a refresh answered 481, the
///   time running out): Terminated.
/// - unsubscribe() ends the subscription (Expires: 0, then the terminated NOTIFY or Timer
///   N); Terminated follows. Before any NOTIFY it waits for the dialog and ends that.
///
/// Threads: subscribe() and unsubscribe() may be called from any thread; they post onto the
/// core executor. The listener runs on the core thread after every change and after every
/// NOTIFY (Status::body is its body); dispose() and status() are for the core thread only.
class Subscriber :
    public std::enable_shared_from_this<Subscriber>,
    private OutgoingSubscribeRequestDelegate,
    private SubscriptionDelegate
{
public:
    enum class State { Initial, NotifyWait, Pending, Active, Terminated };
    struct Status
    {
        State state = State::Initial;
        int statusCode = 0; ///< of the last final response to an initial SUBSCRIBE
        std::string reasonPhrase;
        /// Terminated: the reason the last NOTIFY gave ("noresource", "timeout", …), or what
        /// ended it here ("rejected" for a refused SUBSCRIBE, "no NOTIFY", "expired").
        std::string reason;
        std::string contentType; ///< of the last NOTIFY with a body
        std::string body;        ///< the last NOTIFY's body: the event state
    };
    using Listener = std::function<void(const Status &)>;

    Subscriber(UserAgentCore &core,
               boost::asio::any_io_executor executor,
               Uri target,
               SubscriberOptions options,
               Listener listener = {});
    ~Subscriber() override;
    Subscriber(const Subscriber &) = delete;
    Subscriber &operator=(const Subscriber &) = delete;

    /// Subscribes (once; later calls do nothing until the subscription has ended).
    void subscribe();
    /// Ends the subscription (see above). \a done runs on the core thread once it is
    /// Terminated, at once when it is not running, or on dispose().
    void unsubscribe(std::function<void()> done = {});
    /// Core thread only: stops every timer, request and dialog; no more listener calls.
    void dispose();
    /// Core thread only.
    const Status &status() const { return m_status; }
    const Uri &target() const { return m_target; }
    const SubscriberOptions &options() const { return m_options; }

private:
    void doSubscribe();
    void doUnsubscribe(std::function<void()> done);
    /// Sends an initial SUBSCRIBE with a new Call-ID.
    void send();
    void terminate(std::string reason);
    /// Runs what unsubscribe() was given.
    void settle();
    void notify();
    // OutgoingSubscribeRequestDelegate
    void onSubscription(const std::shared_ptr<SubscriptionDialog> &dialog) override;
    void onNotifyTimeout() override;
    void onAccept(const Response &response) override;
    void onRedirect(const Response &response) override { onReject(response); }
    void onReject(const Response &response) override;
    // SubscriptionDelegate
    void onNotify(const Request &notify) override;
    void onTerminated() override;

    UserAgentCore &m_core;
    boost::asio::any_io_executor m_executor;
    Uri m_target;
    SubscriberOptions m_options;
    Listener m_listener;
    Status m_status;
    std::shared_ptr<SubscribeUserAgentClient> m_client;
    std::shared_ptr<SubscriptionDialog> m_dialog; ///< the notifier kept
    /// Other forks' dialogs, unsubscribed and kept until they end.
    std::vector<std::shared_ptr<SubscriptionDialog>> m_others;
    std::unique_ptr<Timer> m_retryTimer;
    std::vector<std::function<void()>> m_unsubscribed; ///< unsubscribe()'s, until Terminated
    bool m_wanted = false; ///< subscribe() holds, unsubscribe() has not followed
    bool m_disposed = false;
};

} // namespace sipcore
