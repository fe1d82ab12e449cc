/** The API's data shapes, as published in openapi.json (components.schemas). */

/** The published PhoneNumber object (libphonenumber's Java PhoneNumber, serialised). */
export interface PhoneNumberDto {
  countryCode: number;
  nationalNumber: number;
  italianLeadingZero?: boolean;
  numberOfLeadingZeros?: number;
}

export interface ContactReqDto {
  crm_id: string;
  phone_number: PhoneNumberDto | string;
  opt_in_date: string;
  first_name?: string;
  last_name?: string;
  governance_level_id?: string;
  is_inbound?: boolean;
  source?: 'BTRIX' | 'CAMPAIGN';
}

export interface UpdateContactReqDto {
  crm_id: string;
  first_name?: string;
  last_name?: string;
}

export interface UpdateContactDispositionReqV2Dto {
  stage: string;
  disposition?: string;
  additionalFields?: Record<string, unknown>;
}

export interface AssignChatroomReqDto {
  user_id?: string;
  group_id?: string;
  remote_waba_id?: string;
  remote_phone_id?: string;
  assign_on_handover?: boolean;
}

/** Dates are documented as date-time but described as "epoch in seconds": accept both. */
export type ApiDate = string | number;

/** One element of the look-up by phone, as checked in answers.ts (an absent field may be read as undefined). */
export interface GetContactRespDto {
  id: string;
  crm_id?: string | undefined;
  opt_in_date?: ApiDate | undefined;
  create_date?: ApiDate | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  is_expired?: boolean | undefined;
  expiry_ts?: ApiDate | undefined;
}

/** The fields of an error answer the tool reads (answers.ts keeps only those of the published type). */
export interface ErrorRespDto {
  error_code?: number | undefined;
  error_message?: string | undefined;
  error_description?: string | undefined;
}

export type PhoneFormat = 'object' | 'e164';
