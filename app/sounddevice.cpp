#include "sounddevice.h"

void SoundDevice::fail()
{
    const QAudioDevice lost = m_device;
    stop();
    Q_EMIT failed(lost);
}
