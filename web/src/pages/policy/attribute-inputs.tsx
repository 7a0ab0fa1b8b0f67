import { Input, InputNumber, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { fenToYuan, yuanToFen } from './condition-tree.ts';
import type { Attribute } from './drafts-api.ts';

/** The label of an attribute in the UI language, with its key. */
export function attributeLabel(a: Attribute, zh: boolean): string {
  return `${zh ? a.zh : a.en} (${a.key})`;
}

/** Options of an attribute picker (searchable by name and key). */
export function attributeOptions(attributes: Attribute[], zh: boolean, filter?: (a: Attribute) => boolean) {
  return attributes.filter((a) => !filter || filter(a)).map((a) => ({ value: a.key, label: attributeLabel(a, zh) }));
}

/** The label of an enum or set code. */
export function codeLabel(a: Attribute | undefined, code: string, zh: boolean): string {
  const l = a?.labels?.[code];
  return l ? `${zh ? l.zh : l.en} (${code})` : code;
}

/**
 * An input for one value of an attribute: code lists for enums and sets (several codes when
 * `multiple`), yes/no for booleans, yuan for money (stored as fen), the attribute's unit for numbers.
 */
export function AttributeValueInput(props: { attribute: Attribute | undefined; value: unknown; onChange: (v: unknown) => void; multiple?: boolean; testId?: string }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const a = props.attribute;
  const style = { minWidth: 160 };
  if (a && (a.type === 'enum' || a.type === 'set') && a.values) {
    return (
      <Select
        data-testid={props.testId} style={{ minWidth: 220 }} showSearch optionFilterProp="label" mode={props.multiple ? 'multiple' : undefined}
        value={props.value as string | string[] | undefined} onChange={props.onChange}
        options={a.values.map((v) => ({ value: v, label: codeLabel(a, v, zh) }))}
      />
    );
  }
  if (a?.type === 'boolean') {
    return <Select data-testid={props.testId} style={{ width: 100 }} value={props.value as boolean | undefined} onChange={props.onChange} options={[{ value: true, label: t('drafting.yes') }, { value: false, label: t('drafting.no') }]} />;
  }
  if (a?.type === 'money') {
    return <InputNumber data-testid={props.testId} style={style} addonAfter={t('drafting.yuan')} value={typeof props.value === 'number' ? fenToYuan(props.value) : null} onChange={(v) => props.onChange(v === null ? null : yuanToFen(Number(v)))} />;
  }
  if (a && (a.type === 'number' || a.type === 'integer')) {
    const unit = a.unit ? (zh ? a.unit.zh : a.unit.en) : undefined;
    return <InputNumber data-testid={props.testId} style={style} addonAfter={unit} value={typeof props.value === 'number' ? props.value : null} onChange={(v) => props.onChange(v === null ? null : Number(v))} />;
  }
  return <Input data-testid={props.testId} style={style} placeholder={a?.type === 'date' ? 'YYYY-MM-DD' : undefined} value={typeof props.value === 'string' ? props.value : ''} onChange={(e) => props.onChange(e.target.value)} />;
}
