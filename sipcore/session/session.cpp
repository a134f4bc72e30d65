#include "sipcore/session/session.h"

#include "sipcore/core/byeuseragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/util/random.h"

#include <boost/asio/dispatch.hpp>

namespace sipcore {

Session::Session(UserAgentCore &core, boost::asio::any_io_executor executor, Listener listener)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_listener(std::move(listener))
{}

Session::~Session() = default;

void Session::bye()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doBye(); });
}

void Session::dispose()
{
    m_disposed = true;
    if (m_dialog) {
        m_dialog->setDelegate(nullptr);
        m_dialog->dispose();
    }
    m_dialog.reset();
}

std::string Session::makeSessionDescription() const
{
    const std::string host = m_core.transport().localEndpoint().host;
    const std::string family = host.find(':') == std::string::npos ? "IP4" : "IP6";
    std::string sessionId = random::token(10);
    for (char &c : sessionId)
        c = static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
    if (sessionId.front() == '0')
        sessionId.front() = '1';
    return "v=0\r\n"
           "o=ringback "
           + sessionId + " 1 IN " + family + " " + host + "\r\n"
           + "s=Ringback\r\n"
             "c=IN "
           + family + " " + host + "\r\n"
           + "t=0 0\r\n"
             "m=audio 9 RTP/AVP 0 8 101\r\n"
             "a=rtpmap:0 PCMU/8000\r\n"
             "a=rtpmap:8 PCMA/8000\r\n"
             "a=rtpmap:101 telephone-event/8000\r\n"
             "a=inactive\r\n";
}

void Session::setDialog(std::shared_ptr<SessionDialog> dialog)
{
    m_dialog = std::move(dialog);
    m_dialog->setDelegate(this);
}

void Session::doBye()
{
    if (m_disposed || !m_dialog || m_dialog->isTerminated())
        return;
    m_status.state = State::Terminating;
    notify();
    m_dialog->bye(&m_byeDelegate);
}

void Session::onByeDone(const Response &response)
{
    if (m_status.state == State::Terminated)
        return;
    if (m_status.endReason == EndReason::None)
        m_status.endReason = EndReason::LocalHangup;
    if (m_status.endReason == EndReason::LocalHangup)
        update(response);
    finish(m_status.endReason);
}

void Session::update(const Response &response)
{
    update(response.statusCode, response.reasonPhrase);
}

void Session::update(int statusCode, std::string reasonPhrase)
{
    m_status.statusCode = statusCode;
    m_status.reasonPhrase = std::move(reasonPhrase);
}

void Session::onBye(const Request &)
{
    if (m_status.state == State::Terminated)
        return;
    update(200, "OK");
    finish(EndReason::RemoteHangup);
}

void Session::finish(EndReason reason)
{
    if (m_status.state == State::Terminated)
        return;
    m_status.state = State::Terminated;
    m_status.endReason = reason;
    notify();
}

void Session::notify()
{
    if (!m_disposed && m_listener)
        m_listener(m_status);
}

} // namespace sipcore
