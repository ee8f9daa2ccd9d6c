import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { TEXT_ID_MAX_LENGTH } from '@railyard/contracts';

/** The contracts' bound on ids and skus (the services' columns): a longer one is refused here. */
const MAX_ID_LENGTH = TEXT_ID_MAX_LENGTH;

export function IsTextId(description: string, example: string) {
  return applyDecorators(
    ApiProperty({ description, example, minLength: 1, maxLength: MAX_ID_LENGTH }),
    IsString(),
    IsNotEmpty(),
    MaxLength(MAX_ID_LENGTH),
  );
}
