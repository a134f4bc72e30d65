#include "sipcore/util/corethread.h"

#include <boost/asio/post.hpp>

namespace sipcore {

CoreThread::CoreThread()
    : m_guard(boost::asio::make_work_guard(m_context))
    , m_thread([this] { m_context.run(); })
{}

CoreThread::~CoreThread()
{
    stop();
}

void CoreThread::stop()
{
    m_guard.reset();
    if (m_thread.joinable()) {
        // Pending handlers (socket reads) would keep run() alive: stop after draining posts.
        boost::asio::post(m_context, [this] { m_context.stop(); });
        m_thread.join();
    }
}

} // namespace sipcore
