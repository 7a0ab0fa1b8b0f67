import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n/index.ts';

/** A button that switches between Chinese and English (the label names the other language). */
export function LanguageSwitch({ type = 'text' }: { type?: 'text' | 'default' }) {
  const { t } = useTranslation();
  const next = currentLanguage() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      type={type}
      icon={<GlobalOutlined />}
      onClick={() => void setLanguage(next)}
      aria-label={t('lang.switchAria')}
      data-testid="language-switch"
    >
      {t('lang.switchTo')}
    </Button>
  );
}
